import Bowser from 'bowser';

export interface DeviceInfo {
  /** desktop | mobile | tablet | tv | bot, as the user agent says. */
  device: string | null;
  browser: string | null;
  os: string | null;
}

const named = (name?: string, version?: string) => (name ? (version ? `${name} ${version.split('.')[0]}` : name).slice(0, 80) : null);

/** Device type, browser and OS of a visitor from their User-Agent header (bowser does the parsing). */
export function describeDevice(userAgent: string | undefined | null): DeviceInfo {
  if (!userAgent) return { device: null, browser: null, os: null };
  const parsed = Bowser.parse(userAgent.slice(0, 1000));
  return {
    device: parsed.platform.type ?? null,
    browser: named(parsed.browser.name, parsed.browser.version),
    os: named(parsed.os.name, parsed.os.version),
  };
}
