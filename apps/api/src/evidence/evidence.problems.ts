import { ProblemException } from '../problem/problem.exception';

const mib = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;

/** The failures of the evidence repository, each with a stable code (docs/evidence.md). */
export const EvidenceProblems = {
  fileRequired: () =>
    new ProblemException(
      400,
      'EVIDENCE_FILE_REQUIRED',
      {
        es: 'Envíe el archivo como multipart/form-data en el campo «file».',
        en: "Send the file as multipart/form-data in the field 'file'.",
      },
      { details: { field: 'file' } },
    ),

  malformed: (reason: string) =>
    new ProblemException(
      400,
      'EVIDENCE_UPLOAD_MALFORMED',
      {
        es: `El cuerpo multipart/form-data no se pudo leer: ${reason}.`,
        en: `The multipart/form-data body could not be read: ${reason}.`,
      },
      { details: { field: 'file' } },
    ),

  tooLarge: (maxBytes: number) =>
    new ProblemException(
      413,
      'EVIDENCE_TOO_LARGE',
      {
        es: `El archivo supera el tamaño máximo de ${mib(maxBytes)} (${maxBytes} bytes); no se guardó.`,
        en: `The file is larger than the limit of ${mib(maxBytes)} (${maxBytes} bytes); it was not kept.`,
      },
      { details: { field: 'file', maxBytes } },
    ),

  typeNotAllowed: (detected: string) =>
    new ProblemException(
      415,
      'EVIDENCE_TYPE_NOT_ALLOWED',
      {
        es: `El contenido del archivo es de tipo ${detected}, que no se admite como evidencia (se admiten PDF, imágenes PNG, JPEG, GIF, WEBP y TIFF, documentos de oficina, ZIP y texto o CSV en UTF-8). El tipo se lee del contenido, no del nombre.`,
        en: `The file's content is of type ${detected}, which is not accepted as evidence (accepted: PDF, PNG, JPEG, GIF, WEBP and TIFF images, office documents, ZIP, and UTF-8 text or CSV). The type is read from the content, not the name.`,
      },
      { details: { field: 'file', detected } },
    ),

  fileNotFound: (field: string, sha256: string) =>
    new ProblemException(
      422,
      'EVIDENCE_FILE_NOT_FOUND',
      {
        es: `«${field}» cita el archivo /api/evidence/${sha256}, que hitos no guarda: súbalo primero con POST /api/evidence.`,
        en: `'${field}' cites the file /api/evidence/${sha256}, which hitos does not keep: upload it first with POST /api/evidence.`,
      },
      { details: { field, sha256 } },
    ),

  hashMismatch: (field: string, expected: string, actual: string) =>
    new ProblemException(
      422,
      'EVIDENCE_HASH_MISMATCH',
      {
        es: `La huella de «${field}» (${expected}) no es la del archivo guardado (${actual}).`,
        en: `The digest in '${field}' (${expected}) is not that of the kept file (${actual}).`,
      },
      { details: { field, expected, actual } },
    ),

  notFound: (sha256: string) =>
    new ProblemException(404, 'NOT_FOUND', {
      es: `No hay un archivo de evidencia ${sha256} que usted pueda leer.`,
      en: `There is no evidence file ${sha256} you may read.`,
    }),
};
