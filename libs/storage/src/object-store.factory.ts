import type { AppConfig } from '@gotong/config/config';
import { LocalDiskStore } from './local-disk-store';
import type { ObjectStore } from './object-store';
import { S3Store } from './s3-store';

/** The store the configuration names (STORAGE_DRIVER; config checks that S3 has its bucket and keys). */
export function createObjectStore(config: AppConfig): ObjectStore {
  if (config.STORAGE_DRIVER === 'local') return new LocalDiskStore(config.STORAGE_DIR);
  return new S3Store({
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    region: config.S3_REGION,
    bucket: config.S3_BUCKET!,
    accessKeyId: config.S3_ACCESS_KEY_ID!,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
}
