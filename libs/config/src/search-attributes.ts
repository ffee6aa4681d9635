import type { Client, ConnectionLike } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { GOTONG_SEARCH_ATTRIBUTES } from '@gotong/contracts/search-attributes';

const INDEXED_TYPE = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/**
 * Registers Gotong's search attributes in the namespace, those it lacks only (idempotent: every worker and API
 * process may call it at boot; a server that has them answers one list call). A workflow that sets an attribute
 * the namespace does not know fails its workflow task, so workers register before they poll and the API before
 * its first start. Two processes racing to add the same key: the loser's AlreadyExists is success.
 */
export async function ensureSearchAttributes(
  connection: Pick<ConnectionLike, 'operatorService'>,
  namespace: string,
): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = GOTONG_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]])),
    });
  } catch (error) {
    // gRPC ALREADY_EXISTS (6): another process added them first.
    if ((error as { code?: number }).code !== 6) throw error;
  }
}

const registered = new WeakMap<Client, Promise<void>>();

/**
 * ensureSearchAttributes once per client (the API before its first start, the activity that starts agency
 * tasks before its first batch); a failed attempt is forgotten, so the next call tries again.
 */
export function searchAttributesRegistered(client: Client): Promise<void> {
  let done = registered.get(client);
  if (!done) {
    done = ensureSearchAttributes(client.connection, client.options.namespace);
    done.catch(() => registered.delete(client));
    registered.set(client, done);
  }
  return done;
}
