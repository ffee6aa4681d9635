import sharp from 'sharp';

/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 320;

/**
 * A photo's thumbnail: turned upright by its EXIF orientation, at most THUMBNAIL_SIZE px on its longest side,
 * JPEG. sharp writes no metadata unless asked to, so the thumbnail carries no EXIF (no GPS position, no camera).
 * Returns null when the bytes cannot be decoded as an image (a damaged or truncated photo).
 */
export async function makeThumbnail(photo: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(photo, { failOn: 'error' })
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer();
  } catch {
    return null;
  }
}
