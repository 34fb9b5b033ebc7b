import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Clock, EventStore } from '@hitos/event-store';
import {
  CHECKPOINT_STREAM,
  NoteError,
  NoteKeyError,
  checkpointOfSize,
  latestCheckpoint,
  leafOfEvent,
  listCheckpoints,
  openNote,
  parseVerifierKey,
  treeOf,
  type CheckpointCosigned,
} from '@hitos/transparency';
import { Public, Roles } from '../auth/auth.decorators';
import { ProblemException } from '../problem/problem.exception';
import { ReadQueryDto } from '../read-models/read-query.dto';
import { TransparencyLog } from './transparency-log.service';
import {
  ConsistencyQueryDto,
  CosignRequestDto,
  InclusionQueryDto,
} from './transparency.request.dto';

const b64 = (hash: Buffer) => hash.toString('base64');

/**
 * The transparency log, public: checkpoints, the verifier key and proofs reveal hashes, never
 * content. Any RFC 6962 / C2SP tool checks them (see docs/transparency.md).
 */
@ApiTags('transparency')
@Controller('transparency')
export class TransparencyHttpController {
  constructor(
    private readonly log: TransparencyLog,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  @Get('checkpoint')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Último punto de control firmado / latest signed checkpoint',
    description:
      'A C2SP tlog-checkpoint signed note (origin, tree size, base64 root; Ed25519 signature lines), with the witnesses’ co-signatures after the log’s.',
  })
  checkpoint(): string {
    const latest = latestCheckpoint(this.log.db());
    if (!latest) throw noCheckpointYet();
    return latest.note;
  }

  @Get('checkpoints')
  @Public()
  @ApiOperation({
    summary: 'Todos los puntos de control / every checkpoint',
    description:
      'Oldest first: tree size, root, note, when signed, its $all position, and its co-signatures.',
  })
  checkpoints(@Query() query: ReadQueryDto) {
    return listCheckpoints(this.log.db(), { limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  @Get('key')
  @Public()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Clave de verificación del registro / the log’s verifier key',
    description:
      'In signed-note format: `<name>+<8 hex key hash>+<base64 of 0x01 ‖ Ed25519 public key>`.',
  })
  key(): string {
    return this.log.identity.signer.verifierKey;
  }

  @Get('proofs/inclusion')
  @Public()
  @ApiOperation({
    summary: 'Prueba de inclusión de un evento / inclusion proof of an event',
    description:
      'RFC 6962 audit path of the event’s leaf in the tree of `treeSize` leaves; hashes in base64.',
  })
  inclusion(@Query() query: InclusionQueryDto) {
    const db = this.log.db();
    const leaf = leafOfEvent(db, query.eventId);
    if (!leaf) {
      throw new ProblemException(
        404,
        'EVENT_NOT_IN_LOG',
        {
          es: `El evento ${query.eventId} no está en el registro (o el registro aún no lo alcanzó).`,
          en: `Event ${query.eventId} is not in the log (or the log has not reached it yet).`,
        },
        { field: 'eventId' },
      );
    }
    const tree = treeOf(db);
    this.checkTreeSize('treeSize', query.treeSize, tree.size());
    if (leaf.leafIndex >= query.treeSize) {
      throw new ProblemException(
        422,
        'LEAF_NOT_IN_TREE',
        {
          es: `El evento es la hoja ${leaf.leafIndex}: no está en un árbol de ${query.treeSize} hojas.`,
          en: `The event is leaf ${leaf.leafIndex}: it is not in a tree of ${query.treeSize} leaves.`,
        },
        { field: 'treeSize', leafIndex: leaf.leafIndex },
      );
    }
    return {
      leafIndex: leaf.leafIndex,
      treeSize: query.treeSize,
      leafHash: b64(tree.leafHash(leaf.leafIndex)),
      proof: tree.inclusionProof(leaf.leafIndex, query.treeSize).map(b64),
    };
  }

  @Get('proofs/consistency')
  @Public()
  @ApiOperation({
    summary: 'Prueba de consistencia / consistency proof',
    description: 'RFC 6962 proof that the tree of `to` leaves extends the tree of `from` leaves.',
  })
  consistency(@Query() query: ConsistencyQueryDto) {
    const tree = treeOf(this.log.db());
    this.checkTreeSize('to', query.to, tree.size());
    if (query.from > query.to) {
      throw new ProblemException(
        400,
        'INVALID_FIELD',
        {
          es: '`from` no puede ser mayor que `to`.',
          en: '`from` must not be greater than `to`.',
        },
        { field: 'from' },
      );
    }
    return {
      from: query.from,
      to: query.to,
      proof: tree.consistencyProof(query.from, query.to).map(b64),
    };
  }

  @Post('checkpoints')
  @Roles('auditor', 'presidency')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Firmar un punto de control ahora / sign a checkpoint now',
    description:
      'Waits (at most 5 s) for the log to reach the end of the history, signs a checkpoint if the tree grew since the last, and returns the latest checkpoint (`signed` says whether it is new).',
  })
  async signNow() {
    const signed = await this.log.checkpointNow();
    const latest = latestCheckpoint(this.log.db());
    if (!latest) throw noCheckpointYet();
    return { signed: signed !== null, checkpoint: latest };
  }

  @Post('checkpoints/:treeSize/cosignatures')
  @Roles('auditor')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Cofirmar un punto de control como testigo / co-sign a checkpoint as a witness',
    description:
      'Send the checkpoint note with your Ed25519 signature line added and your verifier key: hitos checks both signatures and the body, then serves your co-signature beside its own.',
  })
  async cosign(@Param('treeSize', ParseIntPipe) treeSize: number, @Body() body: CosignRequestDto) {
    const checkpoint = checkpointOfSize(this.log.db(), treeSize);
    if (!checkpoint) {
      throw new ProblemException(
        404,
        'CHECKPOINT_NOT_FOUND',
        {
          es: `No hay un punto de control de ${treeSize} hojas.`,
          en: `There is no checkpoint of ${treeSize} leaves.`,
        },
        { field: 'treeSize' },
      );
    }
    const logKey = this.log.identity.signer;
    let witness;
    try {
      witness = parseVerifierKey(body.verifierKey);
    } catch (error) {
      if (error instanceof NoteKeyError) throw invalidCosignature('verifierKey', error.message);
      throw error;
    }
    if (witness.name === logKey.name && witness.keyId === logKey.keyId) {
      throw invalidCosignature('verifierKey', 'the log’s own key is not a witness');
    }
    let opened;
    try {
      opened = openNote(body.note, [parseVerifierKey(logKey.verifierKey), witness]);
    } catch (error) {
      if (error instanceof NoteError) throw invalidCosignature('note', error.message);
      throw error;
    }
    const expectedBody = checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1);
    const signature = opened.verified.find(
      (s) => s.name === witness.name && s.keyId === witness.keyId,
    );
    if (opened.body !== expectedBody || !signature) {
      throw invalidCosignature(
        'note',
        opened.body !== expectedBody
          ? 'the body is not that of the checkpoint'
          : 'no signature by the given key',
      );
    }
    const event: CheckpointCosigned = {
      type: 'CheckpointCosigned',
      data: {
        treeSize,
        witness: witness.name,
        verifierKey: body.verifierKey,
        signatureLine: `— ${signature.name} ${signature.signature}\n`,
        cosignedAt: this.clock.now().toISOString(),
      },
    };
    const outcome = await this.store.appendToStream(
      CHECKPOINT_STREAM,
      [{ id: randomUUID(), ...event }],
      'any',
    );
    return { treeSize, witness: witness.name, position: outcome.position?.commit.toString() };
  }

  private checkTreeSize(field: string, size: number, current: number): void {
    if (size > current) {
      throw new ProblemException(
        422,
        'TREE_SIZE_AHEAD',
        {
          es: `El registro tiene ${current} hojas: no hay un árbol de ${size}.`,
          en: `The log has ${current} leaves: there is no tree of ${size}.`,
        },
        { field, treeSize: current },
      );
    }
  }
}

function noCheckpointYet(): ProblemException {
  return new ProblemException(404, 'NO_CHECKPOINT_YET', {
    es: 'El registro aún no tiene un punto de control firmado.',
    en: 'The log has no signed checkpoint yet.',
  });
}

function invalidCosignature(field: string, problem: string): ProblemException {
  return new ProblemException(
    422,
    'INVALID_COSIGNATURE',
    {
      es: `Cofirma no válida (${field}): ${problem}`,
      en: `Invalid co-signature (${field}): ${problem}`,
    },
    { field },
  );
}
