const MAX_SLUG = 80;

/** A stable, URL-safe id from a title: lower-case ASCII words joined by hyphens. */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘ʼ]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  let slug = '';
  for (const word of words) {
    if (slug.length + word.length + 1 > MAX_SLUG && slug.length > 0) break;
    slug = slug.length > 0 ? `${slug}-${word}` : word;
  }
  return slug.slice(0, MAX_SLUG) || 'untitled';
}

/** Hands out ids unique within one load: a colliding id gets `-2`, `-3` … appended. */
export class IdAllocator {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted}-${n}`;
    this.used.add(id);
    return id;
  }
}
