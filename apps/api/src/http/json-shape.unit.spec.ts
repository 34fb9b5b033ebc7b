import { MAX_JSON_DEPTH, refuseJsonShape } from './json-shape';

const shape = (text: string) => refuseJsonShape(Buffer.from(text, 'utf8'));

describe('the JSON bodies refused before they are parsed', () => {
  it('given an ordinary body, then nothing is refused, strings holding brackets and keys included', () => {
    expect(
      shape('{"a":1,"b":[{"c":"x"},{"d":null}],"e":{"f":"[{\\"__proto__\\":1}]"}}'),
    ).toBeNull();
    expect(shape('{"narrative":"el constructor de la obra: prototype y __proto__"}')).toBeNull();
    expect(shape(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeNull();
  });

  it('given nesting past the limit, then it is refused with the depth reached', () => {
    expect(shape('['.repeat(5_000) + ']'.repeat(5_000))).toEqual({
      type: 'entity.too.deep',
      depth: MAX_JSON_DEPTH + 1,
    });
  });

  it('given a prototype key anywhere, then it is refused, named as the API names fields', () => {
    expect(shape('{"__proto__":{"isAdmin":true}}')).toEqual({
      type: 'entity.key.forbidden',
      field: '__proto__',
    });
    expect(shape('{"a":{"constructor":{"prototype":1}}}')).toEqual({
      type: 'entity.key.forbidden',
      field: 'a.constructor',
    });
    expect(shape('{"evidence":[{"title":"x"},{"prototype" : 1}]}')).toEqual({
      type: 'entity.key.forbidden',
      field: 'evidence[1].prototype',
    });
    // Spelt with escapes, it is the same key once parsed.
    expect(shape('{"\\u005f_proto__":1}')).toEqual({
      type: 'entity.key.forbidden',
      field: '__proto__',
    });
  });

  it('given a lone surrogate in a string or a key, then it is refused naming where; a pair is text', () => {
    expect(shape('{"address":"\\ud800"}')).toEqual({
      type: 'entity.string.ill-formed',
      field: 'address',
    });
    expect(shape('{"milestones":[{"title":"ok"},{"title":"a\\udc00b"}]}')).toEqual({
      type: 'entity.string.ill-formed',
      field: 'milestones[1].title',
    });
    expect(shape('{"\\udbff":1}')).toEqual({ type: 'entity.string.ill-formed', field: '\ufffd' });
    expect(shape('"\\ud800"')).toEqual({ type: 'entity.string.ill-formed', field: 'body' });
    // A surrogate pair is one character (💩), and an escaped backslash is no escape.
    expect(shape('{"text":"\\ud83d\\udca9","raw":"\\\\ud800"}')).toBeNull();
  });
});
