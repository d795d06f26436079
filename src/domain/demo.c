#include "domain/demo.h"

#include <string.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/child.h"
#include "domain/group.h"
#include "domain/plan.h"
#include "domain/intake.h"
#include "domain/org.h"
#include "domain/report.h"
#include "domain/routine.h"
#include "domain/user.h"
#include "util/calendar.h"
#include "util/timeutil.h"

/* The people are invented; their names say what they do. */
static const struct {
	const char *name, *email, *password, *role, *function, *unit;
} demo_users[] = {
	{"Ada Administratör", "admin@demoby.example", "demo-admin-2026", "admin", NULL, NULL},
	{"Gustav Granskare", "granskare@demoby.example", "demo-granskare-2026", "auditor", NULL,
	 NULL},
	{"Sigrid Socialsekreterare", "socialsekreterare@demoby.example", "demo-social-2026", "staff",
	 "Socialsekreterare", "IFO Barn och unga"},
	{"Kalle Kurator", "kurator@demoby.example", "demo-kurator-2026", "staff", "Skolkurator",
	 "Elevhälsan Norrskolan"},
	{"Rut Rektor", "rektor@demoby.example", "demo-rektor-2026", "staff", "Rektor",
	 "Norrskolan"},
	{"Frida Fritidsledare", "fritid@demoby.example", "demo-fritid-2026", "staff",
	 "Fritidsledare", "Fritidsgården Ungdomshuset"},
	{"Ulla Utvecklingsledare", "utveckling@demoby.example", "demo-utveckling-2026", "staff",
	 "Utvecklingsledare", "Förvaltningsledning utbildning"},
};

const struct demo_login demo_logins[] = {
	{"admin@demoby.example", "demo-admin-2026", "Administratör", NULL},
	{"granskare@demoby.example", "demo-granskare-2026", "Logggranskare", NULL},
	{"socialsekreterare@demoby.example", "demo-social-2026", "Medarbetare",
	 "Socialsekreterare"},
	{"kurator@demoby.example", "demo-kurator-2026", "Medarbetare", "Skolkurator"},
	{"rektor@demoby.example", "demo-rektor-2026", "Medarbetare", "Rektor"},
	{"fritid@demoby.example", "demo-fritid-2026", "Medarbetare", "Fritidsledare"},
	{"utveckling@demoby.example", "demo-utveckling-2026", "Medarbetare", "Utvecklingsledare"},
	{NULL, NULL, NULL, NULL},
};

static const struct {
	const char *name, *kind;
} demo_sectors[] = {
	{"Socialtjänst", "social"},
	{"Utbildning", "education"},
	{"Kultur och fritid", "leisure"},
};

static const struct {
	const char *name;
	int sector; /* index in demo_sectors */
} demo_units[] = {
	{"IFO Barn och unga", 0}, /* the intake unit (mottagning) */
	{"Familjeteamet", 0},
	{"Förvaltningsledning utbildning", 1},
	{"Norrskolan", 1},
	{"Elevhälsan Norrskolan", 1},
	{"Åkerbackens förskola", 1},
	{"Fritidsgården Ungdomshuset", 2},
	{"Fältgruppen", 2},
};

static const char *const demo_functions[] = {
	"Socialsekreterare", "Familjebehandlare", "Skolkurator", "Skolsköterska", "Rektor",
	"Förskolechef", "Elevcoach", "Fritidsledare", "Fältassistent", "Utvecklingsledare",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int64_t
demo_find(const char *name, const char *const *names, const int64_t *ids, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return ids[i];
	return 0;
}

/* Invented names; combined they name the demo children. */
static const char *const demo_given[] = {
	"Alva", "Elis", "Maja", "Noah", "Wilma", "Liam", "Saga", "Hugo", "Ella", "Vidar",
	"Tyra", "Melvin", "Ines", "Colin", "Juni", "Sixten", "Stina", "Ebbe", "Lykke", "Otto",
};
static const char *const demo_family[] = {
	"Ekström", "Lindqvist", "Bergsten", "Almgren", "Holmberg", "Sjövall", "Norrby",
	"Fjällström", "Granlund", "Åkerlund", "Björkman", "Dahlin", "Strand",
};
static const char *const demo_seen[] = {
	"Kommer ofta utan mat och ytterkläder. Verkar trött och orolig under lektionerna.",
	"Har berättat för mentorn att det är bråk hemma på kvällarna och att hen inte vill gå hem.",
	"Har blåmärken på armarna som hen inte vill förklara.",
	"Har hög frånvaro sedan flera veckor. Vårdnadshavarna svarar inte när skolan ringer.",
	"Har setts på fritidsgården sent på kvällar tillsammans med betydligt äldre ungdomar.",
};
static const char *const demo_categories[] = {"neglect", "witnessed_violence", "violence",
					      "absence", "own_behaviour"};

/* Steps an intake worker took on a demo report received `days` days ago. */
static int
demo_intake(struct tx *tx, int64_t report_id, const char *received_at, int days, int i,
	    struct err *e)
{
	struct intake_protection_in p = {.needed = i % 17 == 0, .has_needed = true,
					 .reasoning = "Inget tyder på att barnet behöver skydd "
						      "omedelbart. Uppgifterna bedöms vidare i "
						      "förhandsbedömningen."};
	struct intake_decision_in d = {.child_heard = i % 3 != 0, .has_child_heard = true};
	struct intake in;
	char at[TIME_ISO_LEN];
	time_t t;
	int rc;

	if (days < 1)
		return SAMSYN_OK;
	time_iso_to_unix(received_at, &t);
	time_unix_to_iso(t + 3 * 3600, at);
	p.at = at;
	if ((rc = intake_assess(tx, report_id, &p, &in, e)) != SAMSYN_OK || days < 12)
		return rc;
	if (in.decision) /* the violence rule decided at once */
		return days < 25 ? SAMSYN_OK : intake_send_feedback(tx, report_id, NULL, &in, e);
	time_unix_to_iso(t + 9 * 86400, at);
	d.at = at;
	d.decision = i % 5 < 2 ? "investigate" : "not_investigate";
	d.reasons = "Bedömningen bygger på anmälan, samtal med barnet och kontakt med "
		    "vårdnadshavarna.";
	d.child_not_heard_reason = "Barnet är för litet för ett samtal om oron.";
	if ((rc = intake_decide(tx, report_id, &d, &in, e)) != SAMSYN_OK || days < 25)
		return rc;
	return intake_send_feedback(tx, report_id, NULL, &in, e);
}

/* One or two guardians of the child in report_id, named after the child's family. */
static int
demo_guardians(struct tx *tx, int64_t report_id, const char *child_name, int i, struct err *e)
{
	static const char *const given[] = {"Karin", "Johan", "Sara", "Mikael", "Lena", "Ali",
					    "Petra", "Tomas"};
	const char *family = strchr(child_name, ' ');
	struct guardian g;
	struct report r;
	char name[80];
	int rc;

	if ((rc = report_get(tx, report_id, &r, e)) != SAMSYN_OK)
		return rc;
	for (int k = 0; k < 1 + (i % 3 != 0); k++) {
		snprintf(name, sizeof(name), "%s%s", given[(i + 3 * k) % 8], family ? family : "");
		if ((rc = child_add_guardian(tx, r.child.id, name, k ? NULL : "0123-10 20 30",
					     true, &g, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

/* One report about child i, filed by reporter and handled by the intake worker. */
static int
demo_report(struct tx *tx, const struct actor *reporter, const struct actor *worker, int i,
	    struct err *e)
{
	extern const char *const demo_child_pnr[];
	char name[80], received[TIME_ISO_LEN];
	/* Spread over the last 120 days; every tenth from May 2025, under the old act. */
	int days = (i * 37) % 120;
	time_t t = i % 10 == 9 ? 1747990800 + (time_t)i * 3600 : time(NULL) - (time_t)days * 86400 -
									   (time_t)(i % 9) * 3600;
	struct report_in in = {
		.child = {.pnr = demo_child_pnr[i], .name = name, .school_name = "Norrskolan"},
		.category = demo_categories[i % 5 == 2 && i % 3 ? 0 : i % 5],
		.observed = demo_seen[i % 5],
		.child_words = i % 2 ? "”Jag vill inte prata om det.”" : NULL,
		.guardians_know = i % 4 ? "no" : "yes",
		.urgency = i % 11 == 0 ? "acute" : i % 4 == 0 ? "high" : "normal",
		.reporter_phone = "0123-45 67 89",
	};
	struct report r;
	bool existed;
	int rc;

	snprintf(name, sizeof(name), "%s %s", demo_given[i % 20], demo_family[(i / 20 + i) % 13]);
	time_unix_to_iso(t, received);
	tx->actor = *reporter;
	if ((rc = report_create_draft(tx, &in, &r, &existed, e)) != SAMSYN_OK ||
	    (rc = report_submit_at(tx, r.id, received, &r, e)) != SAMSYN_OK)
		return rc;
	tx->actor = *worker;
	if ((rc = demo_guardians(tx, r.id, name, i, e)) != SAMSYN_OK)
		return rc;
	return demo_intake(tx, r.id, received, i % 10 == 9 ? 500 : days, i, e);
}

/* A few hundred reports in every stage, from the school, the leisure centre and the
 * principal; a few children with protected identity. */
static int
demo_reports(struct tx *tx, const struct actor *staff, struct err *e)
{
	extern const char *const demo_child_pnr[];
	const struct actor *reporters[] = {&staff[3], &staff[5], &staff[4]};
	struct actor cli = tx->actor;
	int rc = SAMSYN_OK;

	for (int i = 0; rc == SAMSYN_OK && demo_child_pnr[i]; i++)
		rc = demo_report(tx, reporters[i % 3], &staff[2], i, e);
	tx->actor = cli;
	if (rc != SAMSYN_OK)
		return rc;
	/* The demo's feedback mails count as sent: a demo server with a mail_command
	 * should not mail the invented users hundreds of times. */
	if ((rc = db_exec(tx->db, "UPDATE mail_outbox SET sent_at = created_at", e)) != SAMSYN_OK)
		return rc;
	return db_exec(tx->db,
		       "UPDATE children SET protected_identity = 1, address = 'Skyddad adress'"
		       " WHERE id IN (SELECT id FROM children ORDER BY id LIMIT 3)",
		       e);
}

/* Goals invented for Demoby; the 2015 plan has five, as the activity plan test file needs. */
static const char demo_goals_2015[] =
	"1. Barn och unga som far illa upptäcks tidigt\n"
	"2. Skola och socialtjänst har gemensamma rutiner\n"
	"3. Barn och vårdnadshavare får stöd utan att falla mellan stolarna\n"
	"4. Samverkan följs upp och utvärderas\n"
	"5. Medarbetarna känner till varandras uppdrag";
static const char demo_goals_2023[] =
	"1. Tidig upptäckt och tidiga insatser\n"
	"2. Samordnade insatser för barn med behov av stöd från flera håll\n"
	"3. Närvaro i skolan för alla barn\n"
	"4. Kunskap om varandras uppdrag";

/* Groups, meetings, two cooperation plans and this year's activity plan. */
static int
demo_steering(struct tx *tx, const struct actor *staff, struct err *e)
{
	static const struct {
		const char *name, *kind;
		int convener; /* index in staff */
		int other;
	} groups[] = {
		{"Styrgruppen för samverkan", "styrgrupp", 6, 4},
		{"2+2 socialnämnd och barn- och utbildningsnämnd", "tva_plus_tva", 6, -1},
		{"Samverkansgruppen barn och unga", "samverkansgrupp", 4, 2},
	};
	struct actor cli = tx->actor;
	struct coop_plan_in old = {
		.title = "Handlingsplan för samverkan", .first_year = 2015, .last_year = 2018,
		.purpose = "Att skola och socialtjänst tillsammans ska se och stödja barn som far "
			   "illa eller riskerar att fara illa.",
		.adopted_by = "Socialnämnden och barn- och utbildningsnämnden",
		.adopted_on = "2015-02-10", .goals = demo_goals_2015,
		.strategies = "Gemensamma rutiner\nGemensam kompetensutveckling"};
	struct coop_plan_in cur = {
		.title = "Samverkansplan för barns bästa", .first_year = 2023, .last_year = 2026,
		.purpose = "Att barn och unga i Demoby ska få rätt stöd i tid, genom att "
			   "verksamheterna arbetar tillsammans.",
		.adopted_by = "Socialnämnden och barn- och utbildningsnämnden",
		.adopted_on = "2023-03-14", .goals = demo_goals_2023,
		.strategies = "Styrning\nStruktur\nSamsyn"};
	struct coop_plan cp;
	struct group g;
	int rc;

	for (size_t i = 0; i < COUNT(groups); i++) {
		struct group_in in = {.name = groups[i].name, .kind = groups[i].kind};
		struct meeting_in m = {.status = "held", .has_status = true,
				       .agenda = "Föregående protokoll\nLägesbild\nÖvriga frågor",
				       .has_agenda = true};
		struct meeting out;

		tx->actor = staff[groups[i].convener];
		if ((rc = group_create(tx, &in, &g, e)) != SAMSYN_OK)
			return rc;
		if (groups[i].other >= 0 &&
		    (rc = group_add_member(tx, g.id, staff[groups[i].other].user_id, 0,
					   groups[i].kind[0] == 's' && groups[i].kind[1] == 'a',
					   e)) != SAMSYN_OK)
			return rc;
		m.day = "2026-02-12";
		if ((rc = meeting_create(tx, g.id, &m, &out, e)) != SAMSYN_OK)
			return rc;
		m.day = "2026-09-10";
		if ((rc = meeting_create(tx, g.id, &m, &out, e)) != SAMSYN_OK)
			return rc;
	}
	tx->actor = staff[6];
	if ((rc = coop_plan_create(tx, &old, &cp, e)) != SAMSYN_OK)
		return rc;
	cur.replaces = cp.id;
	if ((rc = coop_plan_create(tx, &cur, &cp, e)) != SAMSYN_OK)
		return rc;
	static const char demo_plan[] =
		"Mål;Beskrivning;Aktivitet;Ansvarig;Datum;Status\n"
		"1;Alla ska känna till anmälningsplikten;Utbildning om orosanmälan för all "
		"personal;Elevhälsan och IFO;Ht;Klar\n"
		"2,3;Gemensam rutin vid hög frånvaro;Revidera frånvarorutinen;Rektorer;Vt;Pågår\n"
		"2;SIP används när flera behövs;Introduktion av SIP för nya medarbetare;"
		"Samverkansgruppen;oktober;Planerad\n"
		"4;Känna varandras uppdrag;Gemensam utvecklingsdag;Styrgruppen;2026-05-20;Planerad\n";
	struct import_result res;
	if ((rc = activity_import(tx, 2026, demo_plan, sizeof(demo_plan) - 1, false, &res, e)) !=
	    SAMSYN_OK)
		return rc;
	tx->actor = cli;
	return SAMSYN_OK;
}

/* Routines with a review history relative to today, so that every year's report has
 * reviews on time, late and not done; and two deviations against them. */
static int
demo_routines(struct tx *tx, const struct actor *staff, struct err *e)
{
	static const struct {
		const char *title, *scope, *links;
		int reviewed_before; /* days before today of the review known at creation */
		int reviews[2];      /* days before today of later reviews; 0: none */
	} routines[] = {
		{"Rutin vid oro för ett barn", "Skola, förskola, fritid och socialtjänst",
		 "Rutinen som pdf | https://demoby.example/rutiner/oro-for-barn.pdf\n"
		 "https://demoby.example/rutiner/anmalningsplikt\n"
		 "Pärmen på expeditionen",
		 1000, {580, 230}},  /* due 635 days ago: late; then on time */
		{"Rutin vid hög frånvaro i skolan", "Grundskolan och socialtjänsten",
		 "Frånvarorutinen | https://demoby.example/rutiner/franvaro", 750,
		 {390, 0}},          /* on time; the next one is overdue */
		{"Rutin för samordnad individuell plan (SIP)", "Socialtjänst, skola och region",
		 NULL, 800, {300, 0}},  /* due 435 days ago: late */
		{"Rutin för återkoppling till den som anmält", "Socialtjänsten",
		 NULL, 400, {20, 0}},   /* due 35 days ago: late */
	};
	static const char body[] = "Den som märker något kontaktar den andra verksamheten samma "
				   "dag och dokumenterar kontakten.";
	static const char *const deviations[] = {
		"Skolan väntade en vecka med att kontakta socialtjänsten.",
		"Frånvaron följdes inte upp vid mentorsmötet.",
	};
	struct actor cli = tx->actor;
	struct cal_date today;
	char day[11], days[2][11];
	struct routine rt;
	int rc;

	cal_today_stockholm(&today);
	tx->actor = staff[6];
	for (size_t i = 0; i < COUNT(routines); i++) {
		struct routine_in in = {.title = routines[i].title, .scope = routines[i].scope,
					.links = routines[i].links, .last_reviewed = day,
					.body = body};

		cal_format(cal_add_days(today, -routines[i].reviewed_before), day);
		if ((rc = routine_create(tx, &in, &rt, e)) != SAMSYN_OK)
			return rc;
		for (int k = 0; k < 2 && routines[i].reviews[k] > 0; k++) {
			struct routine_review_in rv = {.reviewed_on = days[k]};

			cal_format(cal_add_days(today, -routines[i].reviews[k]), days[k]);
			if ((rc = routine_reviewed(tx, rt.id, &rv, &rt, e)) != SAMSYN_OK)
				return rc;
		}
		if (i < COUNT(deviations)) {
			struct deviation_in d = {.routine_id = rt.id,
						 .description = deviations[i]};
			struct deviation out;

			tx->actor = staff[5];
			rc = deviation_file(tx, &d, &out, e);
			tx->actor = staff[6];
			if (rc != SAMSYN_OK)
				return rc;
		}
	}
	tx->actor = cli;
	return SAMSYN_OK;
}

int
demo_load(struct tx *tx, bool *loaded, struct err *e)
{
	int64_t sector_ids[COUNT(demo_sectors)], unit_ids[COUNT(demo_units)],
		function_ids[COUNT(demo_functions)], users;
	const char *unit_names[COUNT(demo_units)];
	struct actor staff[COUNT(demo_users)];
	struct org_item item;
	struct user u;
	int rc;

	*loaded = false;
	if ((rc = user_count(tx->db, &users, e)) != SAMSYN_OK || users > 0)
		return rc;
	for (size_t i = 0; i < COUNT(demo_sectors); i++) {
		struct org_in in = {.name = demo_sectors[i].name, .kind = demo_sectors[i].kind};

		if ((rc = org_create(tx, ORG_SECTOR, &in, &item, e)) != SAMSYN_OK)
			return rc;
		sector_ids[i] = item.id;
	}
	for (size_t i = 0; i < COUNT(demo_units); i++) {
		struct org_in in = {.name = demo_units[i].name,
				    .sector_id = sector_ids[demo_units[i].sector]};


		if ((rc = org_create(tx, ORG_UNIT, &in, &item, e)) != SAMSYN_OK)
			return rc;
		unit_ids[i] = item.id;
		unit_names[i] = demo_units[i].name;
	}
	struct org_in intake = {.intake = true, .has_intake = true};
	if ((rc = org_update(tx, ORG_UNIT, unit_ids[0], &intake, &item, e)) != SAMSYN_OK)
		return rc;
	for (size_t i = 0; i < COUNT(demo_functions); i++) {
		struct org_in in = {.name = demo_functions[i]};

		if ((rc = org_create(tx, ORG_FUNCTION, &in, &item, e)) != SAMSYN_OK)
			return rc;
		function_ids[i] = item.id;
	}
	for (size_t i = 0; i < COUNT(demo_users); i++) {
		struct user_in in = {
			.name = demo_users[i].name,
			.email = demo_users[i].email,
			.password = demo_users[i].password,
			.role = demo_users[i].role,
			.function_id = demo_find(demo_users[i].function, demo_functions,
						 function_ids, COUNT(demo_functions)),
			.unit_id = demo_find(demo_users[i].unit, unit_names, unit_ids,
					     COUNT(demo_units)),
		};

		if ((rc = user_create(tx, &in, &u, e)) != SAMSYN_OK)
			return rc;
		staff[i] = (struct actor){.user_id = u.id, .unit_id = u.unit_id, .role = u.role,
					  .name = demo_users[i].name};
	}
	if ((rc = demo_reports(tx, staff, e)) != SAMSYN_OK ||
	    (rc = demo_steering(tx, staff, e)) != SAMSYN_OK ||
	    (rc = demo_routines(tx, staff, e)) != SAMSYN_OK)
		return rc;
	*loaded = true;
	return SAMSYN_OK;
}
