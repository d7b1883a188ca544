/**
 * Whether a carrier service's regions reach an address: `*` reaches everywhere, else a region
 * naming the city or the province/region (case does not matter). One rule for the carrier
 * choice and for intake's "no carrier serves this address" flag.
 */
export function reaches(regions: readonly string[], place: { city: string; region?: string | undefined }): boolean {
  const places = [place.city, place.region].filter(Boolean).map((name) => name!.toLowerCase());
  return regions.some((region) => region === '*' || places.includes(region.toLowerCase()));
}
