import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Type } from '@nestjs/common';
import { MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AppModule } from './app.module';

type ModuleRef = Type | { module: Type; imports?: unknown[]; controllers?: Type[] };

/** Every controller class reachable from a module through its imports. */
function servedControllers(root: ModuleRef, seen = new Set<unknown>()): Set<Type> {
  const served = new Set<Type>();
  const visit = (ref: unknown) => {
    if (!ref || seen.has(ref)) return;
    seen.add(ref);
    // A library's async module (a promise) holds none of the app's controllers.
    if (typeof ref === 'object' && !('module' in ref)) return;
    const dynamic = typeof ref === 'object' ? (ref as Exclude<ModuleRef, Type>) : undefined;
    const cls = (dynamic ? dynamic.module : ref) as Type;
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[]) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    controllers.forEach((c) => served.add(c));
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as unknown[]) ?? []),
      ...(dynamic?.imports ?? []),
    ];
    imports.forEach(visit);
  };
  visit(root);
  return served;
}

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? controllerFiles(join(dir, entry.name))
      : /controller\.ts$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('AppModule', () => {
  it('serves every HTTP controller of the app: one left out of its module would answer 404', async () => {
    const served = servedControllers(AppModule);
    const modules = await Promise.all(
      controllerFiles(__dirname).map(async (file) => ({
        file: relative(__dirname, file),
        exports: (await import(file)) as Record<string, unknown>,
      })),
    );
    const declared = modules.flatMap(({ file, exports }) =>
      Object.values(exports)
        .filter(
          (value): value is Type =>
            typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value),
        )
        .map((controller) => ({ file, controller })),
    );
    expect(declared.length).toBeGreaterThan(25);
    const missing = declared
      .filter(({ controller }) => !served.has(controller))
      .map(({ file, controller }) => `${file}: ${controller.name}`);
    expect(missing).toEqual([]);
  });
});
