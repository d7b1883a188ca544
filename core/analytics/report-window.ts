/** SQL for the start and end of a business day: `(date)::timestamp at time zone tz`. */
export const dayStart = "(?::date)::timestamp at time zone ?";
export const dayEnd = "((?::date) + 1)::timestamp at time zone ?";

/** Parameters for one `dayStart` or `dayEnd`. */
export const dayParams = (date: string, timeZone: string) => [date, timeZone];
