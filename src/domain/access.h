/* access.h - who may see reports of concern and the children they concern.
 *
 * The policy (docs/DECISIONS.md, "Who may see reports"):
 *   - intake staff: a staff user whose unit receives reports (units.intake = 1) sees every
 *     report, child and intake record;
 *   - a reporter sees her own reports (their content as she sent it, the receipt and the
 *     feedback) and nothing of the intake record;
 *   - anyone else (other school, leisure and strategic staff, administrators, log
 *     reviewers) gets SAMSYN_EFORBIDDEN, and the denial is logged with the record.
 * Every read and write of a child's data is access-logged with the child as the person
 * concerned; when the child has protected identity the log row is flagged "protected". */
#ifndef SAMSYN_ACCESS_H
#define SAMSYN_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

/* True when the actor works in a unit that receives reports (checked in the database,
 * so a change of unit takes effect at once). */
int access_is_intake(struct tx *tx, bool *out, struct err *e);

/* True when the actor has the explicit right to see a protected child's address and
 * school (users.protected_access). */
int access_sees_protected(struct tx *tx, bool *out, struct err *e);

/* SAMSYN_OK for intake staff; otherwise notes the denial (tx_deny) for record_type and
 * record_id and returns SAMSYN_EFORBIDDEN. */
int access_require_intake(struct tx *tx, const char *record_type, int64_t record_id,
			  struct err *e);

/* Appends an "ok" log row about a child (subject_type "child"), flagged "protected"
 * when the child has protected identity. */
int access_log_child(struct tx *tx, const char *action, int64_t child_id, bool protected_identity,
		     const char *record_type, int64_t record_id, struct err *e);

/* The searchability rule (rule "searchability"): reports received before the start of the
 * rule row in force today (2025-07-01, the new act) that did not lead to an investigation
 * are not listed with the child nor found by name or personnummer.  out is that start as
 * a stored time (Stockholm midnight). */
int access_searchable_from(struct tx *tx, char out[32], struct err *e);

#endif
