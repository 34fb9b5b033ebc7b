import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { ProtocolError, parseUint64, ticksOf, uuidMessage, uuidToString, WIRE_END } from './codec';

describe('codec', () => {
  describe('event ids', () => {
    const id = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';

    it('round-trips an id through the structured form (signed big-endian halves)', () => {
      const structured = uuidMessage(id, true);
      expect(structured.hasStructured()).toBe(true);
      // Both halves of this id have their top bit set, so they travel as negative int64s.
      expect(structured.getStructured()!.getMostSignificantBits()).toBe('-568210367123287600');
      expect(structured.getStructured()!.getLeastSignificantBits()).toBe('-6384696206158828554');
      expect(uuidToString(structured)).toBe(id);
    });

    it('accepts the string form, whatever its case, and answers in lower case', () => {
      const uuid = new UUID();
      uuid.setString(id.toUpperCase());
      expect(uuidToString(uuid)).toBe(id);
    });

    it('refuses a string that is not a UUID', () => {
      const uuid = new UUID();
      uuid.setString('not-a-uuid');
      expect(() => uuidToString(uuid)).toThrow(ProtocolError);
      expect(() => uuidToString(undefined)).toThrow('event id is required');
    });
  });

  describe('numbers on the wire', () => {
    it('reads uint64 strings, and END as Infinity', () => {
      expect(parseUint64('42', 'revision')).toBe(42);
      expect(parseUint64(WIRE_END, 'revision')).toBe(Infinity);
      expect(() => parseUint64('-1', 'revision')).toThrow("revision '-1' is not a valid uint64");
    });

    it('writes created as .NET ticks since the Unix epoch', () => {
      expect(ticksOf(Date.UTC(2026, 0, 28))).toBe(
        (BigInt(Date.UTC(2026, 0, 28)) * 10_000n).toString(),
      );
      expect(ticksOf(1.2345)).toBe('12345');
    });
  });
});
