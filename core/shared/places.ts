/** A place name as regions are compared: lower case, without the administrative suffix (`上海市` → `上海`, `浙江省` → `浙江`). */
function placeKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/u, '').replace(/\s+(city|province)$/u, '');
}

/**
 * Whether a carrier service's regions reach an address: `*` reaches everywhere, else a region
 * naming the city or the province/region (case and a suffix such as 市, 省 or "City" do not
 * matter: `上海` reaches `上海市`). One rule for the carrier choice, intake's "no carrier serves
 * this address" flag and the chat's check before confirming.
 */
export function reaches(regions: readonly string[], place: { city: string; region?: string | undefined }): boolean {
  const places = [place.city, place.region].filter(Boolean).map((name) => placeKey(name!));
  return regions.some((region) => region === '*' || places.includes(placeKey(region)));
}
