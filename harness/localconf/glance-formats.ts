// Glance's `container_formats` for a Docker hypervisor: glance's own defaults kept, `docker`
// added once, in the section the profile's glance reads it from.
export type GlanceRelease = 'current' | 'legacy';

/** glance/common/config.py: Zed and later register it in [image_format], docker among the defaults. */
const DEFAULTS: Record<GlanceRelease, { section: string; formats: readonly string[] }> = {
  current: { section: 'image_format', formats: ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] },
  // Before [image_format] existed (nova-docker's releases), [DEFAULT] held it, without docker.
  legacy: { section: 'DEFAULT', formats: ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova'] },
};

export function dockerContainerFormats(release: GlanceRelease): { section: string; value: string } {
  const { section, formats } = DEFAULTS[release];
  return { section, value: [...new Set([...formats, 'docker'])].join(',') };
}
