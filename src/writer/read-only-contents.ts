import type { Analyzer } from '../analysis/index.js';
import { DocumentEntities, type EntityRegistry } from '../entities/index.js';
import type { InvertedIndex, StoredDocuments } from '../index/index.js';
import type { RankingParams } from '../ranking/params.js';
import type { Schema } from '../schema.js';
import type { IndexContents } from './index-writer.js';

/** What an index opened read-only holds: searched like any other, never changed. */
export class ReadOnlyContents implements IndexContents {
  readonly version = 0;
  private entityLists: DocumentEntities | undefined;

  constructor(
    readonly analyzer: Analyzer,
    readonly ranking: RankingParams,
    readonly schema: Schema,
    readonly registry: EntityRegistry | undefined,
    readonly inverted: InvertedIndex,
    readonly store: StoredDocuments,
  ) {}

  // Building it would read every posting of a file opened so as not to: feedback reads the
  // text of its documents instead.
  forwardIndex(): undefined {
    return undefined;
  }

  // Built from the entity terms' postings when an entity view or facet first asks.
  documentEntities(): DocumentEntities {
    this.entityLists ??= DocumentEntities.rebuild(this.inverted);
    return this.entityLists;
  }
}
