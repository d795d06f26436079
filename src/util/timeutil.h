/* timeutil.h - times as samsyn stores and shows them.
 *
 * Stored: UTC, ISO 8601 with microseconds and a Z ("2026-11-26T10:58:58.123456Z"), which
 * sorts as text the same way it sorts as time.  Shown: the Europe/Stockholm wall clock
 * ("2026-11-26 11:58").  time_init() must run before threads start. */
#ifndef SAMSYN_TIMEUTIL_H
#define SAMSYN_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TIME_ISO_LEN 32

/* Makes local time Europe/Stockholm for this process. */
void time_init(void);

/* Now as stored ("...Z"). */
void time_now_iso(char out[TIME_ISO_LEN]);
/* A unix time as stored. */
void time_unix_to_iso(time_t t, char out[TIME_ISO_LEN]);
/* Parses a stored time (or "YYYY-MM-DDTHH:MM:SSZ"); false when malformed. */
bool time_iso_to_unix(const char *iso, time_t *out);

/* A stored time shown in Stockholm: "YYYY-MM-DD HH:MM" (seconds when with_seconds). */
void time_iso_to_local(const char *iso, char *out, size_t n, bool with_seconds);

/* True for a real calendar date written YYYY-MM-DD. */
bool time_valid_date(const char *ymd);

/* The stored-time bounds [start, end) of a Stockholm calendar day. */
bool time_local_day_bounds(const char *ymd, char start[TIME_ISO_LEN], char end[TIME_ISO_LEN]);

/* A time a person gave: "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM" (optionally ":SS") on
 * the Stockholm wall clock, or a stored time; out is the stored form.  False when
 * malformed or not a real time (a wall-clock hour skipped by summer time included). */
bool time_parse_local(const char *s, char out[TIME_ISO_LEN]);

/* The Stockholm calendar day ("YYYY-MM-DD") and hour of a stored time. */
bool time_local_day_hour(const char *iso, char day[11], int *hour);

/* Today in Stockholm, YYYY-MM-DD. */
void time_today(char out[11]);

#endif
