/* main.c - samsyn's command line: serve, migrate, demo, user, audit, backup. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "api/api.h"
#include "config.h"
#include "db/copy.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/user.h"
#include "http/server.h"
#include "mailer.h"
#include "util/collate.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "web/page.h"

#ifndef SAMSYN_VERSION
#define SAMSYN_VERSION "0.1.0"
#endif

static const char usage[] =
	"Användning: samsyn KOMMANDO [FLAGGOR]\n"
	"\n"
	"Kommandon:\n"
	"  serve [--listen ADRESS:PORT] [--db URL]   kör webbservern (standard 127.0.0.1:8080)\n"
	"  migrate [--db URL]                       skapar eller uppgraderar databasens schema\n"
	"  demo [--db URL]                          laddar demokommunen i en tom databas\n"
	"  user add --email E --name NAMN --role admin|auditor|staff [--password-stdin]\n"
	"  user passwd --email E [--password-stdin]\n"
	"  user disable --email E                   inaktiverar (raderar aldrig) en användare\n"
	"  audit verify [--head HASH] [--db URL]    kontrollerar loggens hashkedja (och att en\n"
	"                                           tidigare antecknad sista hash finns kvar)\n"
	"  backup FIL [--db URL]                    säkerhetskopierar databasen till FIL\n"
	"  copy --from URL --to URL                 flyttar allt till en tom databas, t.ex.\n"
	"                                           från sqlite:var/samsyn.db till postgresql://...\n"
	"\n"
	"Flaggor för alla kommandon:\n"
	"  --db URL          databas: en SQLite-fil (standard var/samsyn.db) eller\n"
	"                    postgresql://användare@värd/databas\n"
	"  --config FIL      inställningsfil (nyckel = värde per rad)\n"
	"  --help, --version\n"
	"\n"
	"Inställningar kan också ges som miljövariabler: SAMSYN_DB, SAMSYN_LISTEN,\n"
	"SAMSYN_THREADS, SAMSYN_TLS, SAMSYN_SESSION_IDLE, SAMSYN_MAIL_COMMAND ...\n"
	"(se docs/OPERATIONS.md).\n";

struct cli {
	struct config config;
	const char *email, *name, *role, *file, *from, *to, *head;
	bool password_stdin;
	struct err e;
};

static int cli_fail(struct cli *c, int code);
static int cli_open(struct cli *c, struct db **db, bool migrate);
static int cli_serve(struct cli *c);
static int cli_migrate(struct cli *c);
static int cli_demo(struct cli *c);
static int cli_user(struct cli *c, const char *verb);
static int cli_audit_verify(struct cli *c);
static int cli_backup(struct cli *c);
static int cli_copy(struct cli *c);
static int cli_read_password(struct cli *c, char *out, size_t n);

int
main(int argc, char **argv)
{
	struct cli c;
	const char *cmd = NULL, *sub = NULL, *config_file = getenv("SAMSYN_CONFIG");
	int rc;

	memset(&c, 0, sizeof(c));
	config_defaults(&c.config);
	time_init();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("samsyn %s\n", SAMSYN_VERSION);
			return 0;
		} else if (strcmp(a, "--password-stdin") == 0) {
			c.password_stdin = true;
		} else if (strncmp(a, "--", 2) == 0) {
			if (next == NULL) {
				fprintf(stderr, "samsyn: %s behöver ett värde.\n", a);
				return 2;
			}
			i++;
			if (strcmp(a, "--config") == 0)
				config_file = next;
			else if (strcmp(a, "--email") == 0)
				c.email = next;
			else if (strcmp(a, "--name") == 0)
				c.name = next;
			else if (strcmp(a, "--role") == 0)
				c.role = next;
			else if (strcmp(a, "--head") == 0)
				c.head = next;
			else if (strcmp(a, "--from") == 0)
				c.from = next;
			else if (strcmp(a, "--to") == 0)
				c.to = next;
			else if (strcmp(a, "--db") != 0 && strcmp(a, "--listen") != 0) {
				fprintf(stderr, "samsyn: okänd flagga %s. Se samsyn --help.\n", a);
				return 2;
			}
		} else if (cmd == NULL) {
			cmd = a;
		} else if (sub == NULL) {
			sub = a;
		} else {
			fprintf(stderr, "samsyn: för många argument. Se samsyn --help.\n");
			return 2;
		}
	}
	if (config_file && config_load_file(&c.config, config_file, &c.e) != SAMSYN_OK)
		return cli_fail(&c, c.e.code);
	if (config_load_env(&c.config, &c.e) != SAMSYN_OK)
		return cli_fail(&c, c.e.code);
	/* Flags win over the file and the environment. */
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--listen") == 0) {
			if (config_set(&c.config, argv[i] + 2, argv[i + 1], &c.e) != SAMSYN_OK)
				return cli_fail(&c, c.e.code);
			i++;
		} else if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i], "--password-stdin")) {
			i++;
		}
	}
	if (cmd == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	if (auth_init(&c.config.auth) != SAMSYN_OK || collate_init() != 0) {
		fprintf(stderr, "samsyn: kunde inte starta krypto- eller sorteringsbiblioteket.\n");
		return 1;
	}
	c.file = sub;
	if (strcmp(cmd, "serve") == 0 && sub == NULL)
		rc = cli_serve(&c);
	else if (strcmp(cmd, "migrate") == 0 && sub == NULL)
		rc = cli_migrate(&c);
	else if (strcmp(cmd, "demo") == 0 && sub == NULL)
		rc = cli_demo(&c);
	else if (strcmp(cmd, "user") == 0 && sub != NULL)
		rc = cli_user(&c, sub);
	else if (strcmp(cmd, "audit") == 0 && sub && strcmp(sub, "verify") == 0)
		rc = cli_audit_verify(&c);
	else if (strcmp(cmd, "backup") == 0 && sub != NULL)
		rc = cli_backup(&c);
	else if (strcmp(cmd, "copy") == 0 && sub == NULL)
		rc = cli_copy(&c);
	else {
		fprintf(stderr, "samsyn: okänt kommando. Se samsyn --help.\n");
		rc = 2;
	}
	collate_shutdown();
	return rc;
}

static int
cli_fail(struct cli *c, int code)
{
	fprintf(stderr, "samsyn: %s\n", c->e.message[0] ? c->e.message : err_default_message(code));
	return err_exit_code(code);
}

static int
cli_open(struct cli *c, struct db **db, bool migrate)
{
	int rc;

	if ((rc = db_open(db, c->config.db, &c->e)) != SAMSYN_OK)
		return rc;
	if (migrate && (rc = migrate_run(*db, NULL, &c->e)) != SAMSYN_OK) {
		db_close(*db);
		*db = NULL;
	}
	return rc;
}

/* Serves, with the mailer sending queued mail meanwhile; it stops after the server. */
static int
cli_serve(struct cli *c)
{
	struct mailer_config mail = {
		.db_url = c->config.db,
		.command = c->config.mail_command,
		.from = c->config.mail_from,
		.public_url = c->config.public_url,
		.lock = server_turn_take,
		.unlock = server_turn_give,
	};
	struct mailer *mailer = NULL;
	struct db *db = NULL;
	int64_t users = 0;
	int rc;

	if ((rc = cli_open(c, &db, true)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = user_count(db, &users, &c->e);
	db_close(db);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	if (users == 0)
		log_warn("the database has no users yet. Create the first administrator:\n"
			 "  samsyn user add --db %s --email E --name \"NAMN\" --role admin",
			 c->config.db);
	c->config.server.render_api_error = api_render_error;
	c->config.server.render_page_error = page_render_error;
	if ((rc = mailer_start(&mailer, &mail, &c->e)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = server_run(&c->config.server, &c->e);
	mailer_stop(mailer);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	return 0;
}

static int
cli_migrate(struct cli *c)
{
	struct db *db = NULL;
	int applied = 0, rc;

	if ((rc = db_open(&db, c->config.db, &c->e)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = migrate_run(db, &applied, &c->e);
	db_close(db);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	printf("Databasen har schemaversion %lld (%d migreringar kördes nu).\n",
	       (long long)migrate_latest(), applied);
	return 0;
}

/* Runs fn in one transaction as the operator at the command line. */
static int
cli_tx(struct cli *c, struct db *db, int (*fn)(struct tx *, void *, struct err *), void *arg)
{
	struct arena arena;
	struct tx tx = {.db = db, .channel = CHANNEL_CLI};
	int rc;

	arena_init(&arena);
	tx.arena = &arena;
	if ((rc = db_begin(db, &c->e)) == SAMSYN_OK) {
		if ((rc = fn(&tx, arg, &c->e)) == SAMSYN_OK)
			rc = db_commit(db, &c->e);
		else
			db_rollback(db);
	}
	arena_release(&arena);
	return rc;
}

static int
cli_demo_load(struct tx *tx, void *arg, struct err *e)
{
	return demo_load(tx, arg, e);
}

static int
cli_demo(struct cli *c)
{
	struct db *db = NULL;
	bool loaded = false;
	int rc;

	if ((rc = cli_open(c, &db, true)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = cli_tx(c, db, cli_demo_load, &loaded);
	db_close(db);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	printf("%s\n\nDemokonton (bara för provkörning, aldrig i drift):\n",
	       loaded ? "Demokommunen Demoby kommun är inläst."
		      : "Databasen har redan användare; ingen demodata lästes in.");
	for (const struct demo_login *d = demo_logins; d->email; d++)
		printf("  %-34s %-22s %s%s%s\n", d->email, d->password, d->role_label,
		       d->function ? ", " : "", d->function ? d->function : "");
	return 0;
}

struct cli_user_op {
	struct cli *c;
	const char *verb;
	const char *password;
};

static int
cli_user_apply(struct tx *tx, void *arg, struct err *e)
{
	struct cli_user_op *op = arg;
	struct user u;
	int rc;

	if (strcmp(op->verb, "add") == 0) {
		struct user_in in = {.name = op->c->name, .email = op->c->email,
				     .role = op->c->role, .password = op->password};

		if ((rc = user_create(tx, &in, &u, e)) == SAMSYN_OK)
			printf("Användaren är skapad (id %lld).\n", (long long)u.id);
		return rc;
	}
	if ((rc = user_get_by_email(tx, op->c->email, &u, e)) != SAMSYN_OK)
		return rc;
	if (strcmp(op->verb, "passwd") == 0) {
		if ((rc = user_set_password(tx, u.id, op->password, "password", e)) == SAMSYN_OK)
			printf("Lösenordet är bytt och användarens sessioner är avslutade.\n");
		return rc;
	}
	struct user_in in = {.active = false, .has_active = true};

	if ((rc = user_update(tx, u.id, &in, &u, e)) == SAMSYN_OK)
		printf("Användaren är inaktiverad; sessioner och nycklar är avslutade.\n");
	return rc;
}

static int
cli_user(struct cli *c, const char *verb)
{
	struct cli_user_op op = {.c = c, .verb = verb};
	char password[AUTH_PASSWORD_MAX + 2];
	struct db *db = NULL;
	int rc;

	if (strcmp(verb, "add") != 0 && strcmp(verb, "passwd") != 0 &&
	    strcmp(verb, "disable") != 0) {
		fprintf(stderr, "samsyn: user tar add, passwd eller disable.\n");
		return 2;
	}
	if (c->email == NULL) {
		fprintf(stderr, "samsyn: ange --email.\n");
		return 2;
	}
	if (strcmp(verb, "add") == 0 && (c->name == NULL || c->role == NULL)) {
		fprintf(stderr, "samsyn: user add behöver --name och --role.\n");
		return 2;
	}
	if (strcmp(verb, "disable") != 0) {
		if ((rc = cli_read_password(c, password, sizeof(password))) != SAMSYN_OK)
			return cli_fail(c, rc);
		op.password = password;
	}
	if ((rc = cli_open(c, &db, true)) == SAMSYN_OK)
		rc = cli_tx(c, db, cli_user_apply, &op);
	db_close(db);
	memset(password, 0, sizeof(password));
	return rc == SAMSYN_OK ? 0 : cli_fail(c, rc);
}

static int
cli_read_line(FILE *in, char *out, size_t n)
{
	size_t len;

	if (fgets(out, (int)n, in) == NULL)
		return -1;
	len = strlen(out);
	if (len > 0 && out[len - 1] == '\n')
		out[--len] = '\0';
	else if (len == n - 1)
		return -2; /* longer than any password may be */
	if (len > 0 && out[len - 1] == '\r')
		out[--len] = '\0';
	return 0;
}

/* From stdin with --password-stdin, else asked twice at the terminal without echo. */
static int
cli_read_password(struct cli *c, char *out, size_t n)
{
	struct termios old, quiet;
	char again[AUTH_PASSWORD_MAX + 2];
	int r1, r2;

	if (c->password_stdin || !isatty(STDIN_FILENO)) {
		r1 = cli_read_line(stdin, out, n);
		if (r1 != 0)
			return err_set(&c->e, SAMSYN_EINVAL, "password",
				       r1 == -2 ? "Lösenordet är för långt."
						: "Inget lösenord kom på standard in.");
		return auth_password_check(out, "password", &c->e);
	}
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	fprintf(stderr, "Lösenord: ");
	r1 = cli_read_line(stdin, out, n);
	fprintf(stderr, "\nUpprepa lösenordet: ");
	r2 = cli_read_line(stdin, again, sizeof(again));
	fprintf(stderr, "\n");
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (r1 != 0 || r2 != 0 || strcmp(out, again) != 0) {
		memset(again, 0, sizeof(again));
		return err_set(&c->e, SAMSYN_EINVAL, "password", "Lösenorden var inte lika.");
	}
	memset(again, 0, sizeof(again));
	return auth_password_check(out, "password", &c->e);
}

static void
cli_problem(const struct audit_problem *p, void *arg)
{
	(void)arg;
	printf("rad %lld: %s (%s)\n", (long long)p->id, p->message, p->problem);
}

static int
cli_audit_verify(struct cli *c)
{
	struct audit_verify_result res;
	struct db *db = NULL;
	int rc;

	if ((rc = db_open(&db, c->config.db, &c->e)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = audit_verify_head(db, c->head, cli_problem, NULL, &res, &c->e);
	db_close(db);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	printf("%s: %lld rader, sista radens hash %s\n",
	       res.ok ? "Loggkedjan är hel" : "Loggkedjan är BRUTEN", (long long)res.rows,
	       res.head);
	return res.ok ? 0 : 9;
}

static int
cli_backup(struct cli *c)
{
	struct db *db = NULL;
	int rc;

	if ((rc = db_open(&db, c->config.db, &c->e)) != SAMSYN_OK)
		return cli_fail(c, rc);
	rc = db_backup(db, c->file, &c->e);
	db_close(db);
	if (rc != SAMSYN_OK)
		return cli_fail(c, rc);
	printf("Säkerhetskopian är skriven till %s.\n", c->file);
	return 0;
}

static int
cli_copy(struct cli *c)
{
	struct audit_verify_result before, after;
	struct copy_result res;
	struct db *from = NULL, *to = NULL;
	int rc;

	if (c->from == NULL || c->to == NULL) {
		fprintf(stderr, "samsyn: copy behöver --from URL och --to URL.\n");
		return 2;
	}
	if (strcmp(c->from, c->to) == 0) {
		fprintf(stderr, "samsyn: --from och --to är samma databas.\n");
		return 2;
	}
	if ((rc = db_open(&from, c->from, &c->e)) != SAMSYN_OK ||
	    (rc = db_open(&to, c->to, &c->e)) != SAMSYN_OK)
		goto cleanup;
	if ((rc = audit_verify(from, NULL, NULL, &before, &c->e)) != SAMSYN_OK)
		goto cleanup;
	if (!before.ok) {
		rc = err_set(&c->e, SAMSYN_ECONFLICT, "from",
			     "Källans loggkedja är bruten (se samsyn audit verify); inget kopierades.");
		goto cleanup;
	}
	if ((rc = copy_database(from, to, &res, &c->e)) != SAMSYN_OK)
		goto cleanup;
	if ((rc = audit_verify(to, NULL, NULL, &after, &c->e)) != SAMSYN_OK)
		goto cleanup;
	if (!after.ok || after.rows != before.rows || strcmp(after.head, before.head) != 0) {
		rc = err_set(&c->e, SAMSYN_EDB, "to",
			     "Kopians loggkedja stämmer inte med källans. Använd inte kopian.");
		goto cleanup;
	}
	printf("Kopierade %lld rader, varav %lld loggrader. Loggkedjan är hel i kopian; sista "
	       "radens hash %s (samma som i källan).\n",
	       (long long)res.rows, (long long)res.log_rows, after.head);
cleanup:
	db_close(from);
	db_close(to);
	return rc == SAMSYN_OK ? 0 : cli_fail(c, rc);
}
