import type { PackageScope } from './package-format';

/** LEEME.md: how an auditor who has never seen hitos checks the package by hand. */
export function auditPackageReadme(scope: PackageScope): string {
  const what =
    scope.kind === 'commitment' ? `del compromiso \`${scope.id}\`` : `del plan \`${scope.id}\``;
  const whatEn =
    scope.kind === 'commitment' ? `commitment \`${scope.id}\`` : `plan \`${scope.id}\``;
  return `# Paquete de auditoría ${what}

Este archivo zip contiene la historia ${what} tal como la guarda hitos, y lo necesario para
comprobar, **sin confiar en hitos ni en quien le entregó el paquete**, que cada evento está en
el registro de transparencia de hitos (un árbol de Merkle RFC 6962 firmado).

## Contenido

| archivo | qué es |
| --- | --- |
| \`events.ndjson\` | un evento por línea, en el orden de \`$all\`: \`stream\`, \`revision\`, \`id\`, \`type\`, \`data\`, \`metadata\` (tal como están guardados), \`position\` (en \`$all\`) y \`leafIndex\` (su hoja en el árbol). Un evento de contenido reservado para el lector del paquete, o cuyos metadatos nombran a la persona que actuó si el lector no puede verla, aparece como \`{"withheld":true,"leafIndex","position","type","leafHash"}\`: solo el hash de su hoja, para que su prueba se compruebe igual y el hueco quede a la vista. |
| \`proofs.ndjson\` | una prueba de inclusión RFC 6962 por evento, en el mismo orden: \`leafIndex\`, \`treeSize\`, \`leafHash\` y \`proof\` (hashes SHA-256 en base64, de la hoja hacia la raíz). |
| \`checkpoint.txt\` | el punto de control firmado (nota firmada C2SP): origen, tamaño del árbol, raíz en base64, una línea en blanco y la firma Ed25519. |
| \`key.txt\` | la clave de verificación del registro (\`nombre+id+clave\`, formato de Go sumdb/note). Compárela con la que hitos publica en \`/api/transparency/key\` o con la que usted ya conoce. |
| \`trail.csv\` | el historial de auditoría legible (una fila por evento, con su hoja). |
| \`files/sha256/<hash>\` | los archivos de evidencia públicos que hitos guarda y que el alcance cita (\`/api/evidence/<hash>\`), tal como están guardados: el nombre de cada uno es su SHA-256. Los reservados o confidenciales nunca van. |
| \`manifest.json\` | alcance, lector, cuentas, tamaño y raíz del árbol, fecha de creación (reloj de hitos) y el SHA-256 de cada archivo. |

## Cómo comprobarlo

Con hitos: \`hitos audit verify --package <archivo.zip>\` (código de salida 0: correcto; 1: hay
hallazgos; 2: no se pudo comprobar).

A mano, con cualquier herramienta RFC 6962 / C2SP (por ejemplo Go: \`golang.org/x/mod/sumdb/note\`
y \`golang.org/x/mod/sumdb/tlog\`):

1. **Archivos**: el SHA-256 de cada archivo es el que dice \`manifest.json\` (\`sha256sum\`), y el de
   cada \`files/sha256/<hash>\` es su propio nombre.
2. **Firma**: abra \`checkpoint.txt\` con la clave de \`key.txt\` (\`note.Open\`): la firma Ed25519
   cubre el texto antes de la línea en blanco. La segunda línea es el tamaño del árbol, la
   tercera la raíz.
3. **Hojas**: para cada línea de \`events.ndjson\` que no sea \`withheld\`, los bytes de la hoja son
   el JSON canónico RFC 8785 (JCS) de
   \`{"stream","revision","id","type","data","metadata"}\` (la \`revision\` como texto decimal; de
   \`metadata\` se quita el miembro \`integrity\`), en UTF-8. El hash de la hoja es
   \`SHA-256(0x00 ‖ bytes)\` y debe ser el \`leafHash\` de la línea correspondiente de
   \`proofs.ndjson\`.
4. **Pruebas**: con \`leafIndex\`, \`treeSize\` y \`proof\`, recorra el camino (RFC 9162 §2.1.3.2,
   nodos \`SHA-256(0x01 ‖ izquierda ‖ derecha)\`) hasta una raíz que debe ser la del punto de
   control (\`tlog.CheckRecord\`).
5. **Contenido reservado**: una línea \`withheld\` solo lleva su hash; su prueba se comprueba
   igual. Quien pueda leer ese contenido (las partes del compromiso, la Presidencia, los
   auditores) puede pedir un paquete completo.

## English

An audit package of ${whatEn}: its events as stored (\`events.ndjson\`), an RFC 6962 inclusion
proof of each against a signed checkpoint (\`proofs.ndjson\`, \`checkpoint.txt\`), the log's
verifier key (\`key.txt\`), the readable audit trail (\`trail.csv\`), the public evidence files
hitos keeps that the scope cites (\`files/sha256/<hash>\`, each named by its SHA-256; reserved ones
never go) and a manifest with every file's SHA-256. To check it: \`hitos audit verify --package <file.zip>\` (exit 0 ok, 1 findings,
2 could not check), or by hand: (1) hash each file and compare with the manifest (and each evidence file with its name); (2) open the
checkpoint note with the key (Go's \`note.Open\`); (3) recompute each leaf as the UTF-8 of the
RFC 8785 canonical JSON of \`{stream, revision (decimal string), id, type, data, metadata
(without "integrity")}\`, its hash \`SHA-256(0x00 ‖ bytes)\` equal to the proof's \`leafHash\`;
(4) check each proof against the checkpoint's root (\`tlog.CheckRecord\`). A \`withheld\` line is
an event whose content this package's reader may not see: only its leaf hash, so its proof
still checks and the gap is explicit.
`;
}
