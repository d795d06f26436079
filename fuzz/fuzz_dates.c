/* fuzz_dates.c - dates and stored times, as they come from query strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "util/calendar.h"
#include "util/timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), start[TIME_ISO_LEN], end[TIME_ISO_LEN], out[64];
	struct audit_filter f;
	struct audit_filter_text t;
	struct err e;
	time_t when;

	memcpy(s, data, size);
	s[size] = '\0';
	struct cal_date d;
	char back[CAL_DATE_LEN];

	time_valid_date(s);
	if (cal_parse(s, &d) && d.year < 9000) { /* arithmetic stays within 1-9999 */
		cal_format(d, back);
		if (!cal_parse(back, &d))
			__builtin_trap(); /* what cal_parse accepts, cal_format writes back */
		(void)cal_next_working_day(d);
		(void)cal_add_months(d, 4);
	}
	time_local_day_bounds(s, start, end);
	if (time_iso_to_unix(s, &when))
		time_iso_to_local(s, out, sizeof(out), true);
	t = (struct audit_filter_text){.from = s, .to = s, .limit = s, .user_id = s};
	audit_filter_parse(&t, &f, &e);
	free(s);
	return 0;
}
