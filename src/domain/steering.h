/* steering.h - who may read and edit the steering records (group.h, plan.h), and the
 * personnummer check on their free text.  Internal to the domain. */
#ifndef SAMSYN_STEERING_H
#define SAMSYN_STEERING_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

/* Staff and administrators read; others (log reviewers) get a logged denial. */
int steering_require_reader(struct tx *tx, const char *record_type, int64_t id,
			    struct err *e);
/* Administrators, or a convener of the group. */
int steering_can_edit_group(struct tx *tx, int64_t group_id, bool *out, struct err *e);
/* Administrators, or a member (as a person or by function) of an active styrgrupp. */
int steering_can_edit_plans(struct tx *tx, bool *out, struct err *e);
/* A free text a write gives (NULL: not given) and its field named as a Swedish sentence
 * names it after "i", in the definite form: "protokollet", "fältet för ansvarig". */
struct steering_text {
	const char *name;
	const char *text;
};
/* The check on free text: when any of texts looks like a personnummer and confirm is
 * false, SAMSYN_ECONFLICT with field confirm_personal_data and a message that names the
 * texts the numbers were found in, says rule (one Swedish sentence, at most 70 bytes:
 * what the record may not hold) and what to do; *flagged says whether a confirmed save
 * must be logged as such. */
int steering_check_text(const struct steering_text *texts, int n, const char *rule,
			bool confirm, bool *flagged, struct err *e);
/* A write row in the access log; purpose "personnummer_confirmed" when flagged. */
int steering_log(struct tx *tx, const char *action, const char *record_type, int64_t id,
		 bool flagged, struct err *e);

#endif
