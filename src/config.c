#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

enum config_type { CFG_TEXT, CFG_UINT, CFG_BOOL };

static const struct config_key {
	const char *key;
	enum config_type type;
	unsigned long long min, max;
} keys[] = {
	{"db", CFG_TEXT, 1, 1023},
	{"listen", CFG_TEXT, 3, 127},
	{"threads", CFG_UINT, 1, 64},
	{"max_body", CFG_UINT, 1024, 256ULL * 1024 * 1024},
	{"connection_timeout", CFG_UINT, 1, 3600},
	{"per_ip_connections", CFG_UINT, 1, 100000},
	{"max_connections", CFG_UINT, 1, 100000},
	{"connection_memory", CFG_UINT, 16 * 1024, 16 * 1024 * 1024},
	{"tls", CFG_BOOL, 0, 1},
	{"trusted_proxy", CFG_TEXT, 0, 63},
	{"session_idle", CFG_UINT, 1, 7 * 86400},
	{"session_max", CFG_UINT, 1, 30 * 86400},
	{"login_max_failures", CFG_UINT, 1, 1000},
	{"ip_max_failures", CFG_UINT, 1, 1000000},
	{"login_window", CFG_UINT, 1, 86400},
	{"mail_command", CFG_TEXT, 0, 1023},
	{"mail_from", CFG_TEXT, 3, 254},
	{"public_url", CFG_TEXT, 0, 511},
};

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	server_config_defaults(&c->server);
	auth_config_defaults(&c->auth);
	snprintf(c->db, sizeof(c->db), "%s", c->server.db_url);
	snprintf(c->listen, sizeof(c->listen), "%s", c->server.listen);
	c->server.db_url = c->db;
	c->server.listen = c->listen;
	c->server.trusted_proxy = c->trusted_proxy;
	snprintf(c->mail_from, sizeof(c->mail_from), "%s", "samsyn@localhost");
}

int
config_set(struct config *c, const char *key, const char *value, struct err *e)
{
	const struct config_key *k = NULL;
	unsigned long long v = 0;
	char *end;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].key, key) == 0)
			k = &keys[i];
	if (k == NULL)
		return err_set(e, SAMSYN_EINVAL, NULL, "Okänd inställning \"%.40s\".", key);
	switch (k->type) {
	case CFG_TEXT:
		if (strlen(value) < k->min || strlen(value) > k->max)
			return err_set(e, SAMSYN_EINVAL, NULL,
				       "Inställningen %s ska ha %llu–%llu tecken.", k->key, k->min,
				       k->max);
		/* A value goes into URLs, commands and mail headers: no line breaks there. */
		for (const unsigned char *p = (const unsigned char *)value; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				return err_set(e, SAMSYN_EINVAL, NULL,
					       "Inställningen %s innehåller ett styrtecken.", k->key);
		break;
	case CFG_BOOL:
		if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0 ||
		    strcmp(value, "yes") == 0 || strcmp(value, "on") == 0)
			v = 1;
		else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0 ||
			 strcmp(value, "no") == 0 || strcmp(value, "off") == 0)
			v = 0;
		else
			return err_set(e, SAMSYN_EINVAL, NULL,
				       "Inställningen %s ska vara true eller false.", k->key);
		break;
	case CFG_UINT:
		errno = 0;
		if (value[0] < '0' || value[0] > '9')
			return err_set(e, SAMSYN_EINVAL, NULL,
				       "Inställningen %s ska vara ett heltal.", k->key);
		v = strtoull(value, &end, 10);
		if (errno != 0 || *end != '\0' || v < k->min || v > k->max)
			return err_set(e, SAMSYN_EINVAL, NULL,
				       "Inställningen %s ska vara ett heltal %llu–%llu.", k->key,
				       k->min, k->max);
		break;
	}
	if (strcmp(key, "db") == 0)
		snprintf(c->db, sizeof(c->db), "%s", value);
	else if (strcmp(key, "listen") == 0)
		snprintf(c->listen, sizeof(c->listen), "%s", value);
	else if (strcmp(key, "threads") == 0)
		c->server.threads = (unsigned)v;
	else if (strcmp(key, "max_body") == 0)
		c->server.max_body = (size_t)v;
	else if (strcmp(key, "connection_timeout") == 0)
		c->server.connection_timeout = (unsigned)v;
	else if (strcmp(key, "per_ip_connections") == 0)
		c->server.per_ip_connections = (unsigned)v;
	else if (strcmp(key, "max_connections") == 0)
		c->server.max_connections = (unsigned)v;
	else if (strcmp(key, "connection_memory") == 0)
		c->server.connection_memory = (size_t)v;
	else if (strcmp(key, "tls") == 0)
		c->server.tls = v == 1;
	else if (strcmp(key, "trusted_proxy") == 0)
		snprintf(c->trusted_proxy, sizeof(c->trusted_proxy), "%s", value);
	else if (strcmp(key, "session_idle") == 0)
		c->auth.session_idle_seconds = (int)v;
	else if (strcmp(key, "session_max") == 0)
		c->auth.session_max_seconds = (int)v;
	else if (strcmp(key, "login_max_failures") == 0)
		c->auth.login_max_failures = (int)v;
	else if (strcmp(key, "ip_max_failures") == 0)
		c->auth.ip_max_failures = (int)v;
	else if (strcmp(key, "login_window") == 0)
		c->auth.login_window_seconds = (int)v;
	else if (strcmp(key, "mail_command") == 0)
		snprintf(c->mail_command, sizeof(c->mail_command), "%s", value);
	else if (strcmp(key, "mail_from") == 0)
		snprintf(c->mail_from, sizeof(c->mail_from), "%s", value);
	else if (strcmp(key, "public_url") == 0)
		snprintf(c->public_url, sizeof(c->public_url), "%s", value);
	return SAMSYN_OK;
}

static char *
config_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

int
config_parse(struct config *c, const char *text, size_t n, struct err *e)
{
	char *copy = xstrndup(text, n), *line = copy, *next;
	int rc = SAMSYN_OK, lineno = 0;

	if (memchr(text, '\0', n) != NULL) {
		free(copy);
		return err_set(e, SAMSYN_EINVAL, NULL, "Inställningsfilen innehåller NUL-tecken.");
	}
	for (; line && rc == SAMSYN_OK; line = next) {
		char *eq, *hash, *key;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		key = config_trim(line);
		if (*key == '\0')
			continue;
		if ((eq = strchr(key, '=')) == NULL) {
			rc = err_set(e, SAMSYN_EINVAL, NULL,
				     "Rad %d i inställningsfilen saknar \"=\".", lineno);
			break;
		}
		*eq = '\0';
		if ((rc = config_set(c, config_trim(key), config_trim(eq + 1), e)) != SAMSYN_OK) {
			char msg[sizeof(e->message)];

			snprintf(msg, sizeof(msg), "%s", e ? e->message : "");
			err_set(e, rc, NULL, "Rad %d i inställningsfilen: %s", lineno, msg);
		}
	}
	free(copy);
	return rc;
}

int
config_load_file(struct config *c, const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	struct buf b;
	char chunk[4096];
	size_t n;
	int rc = SAMSYN_OK;

	if (f == NULL)
		return err_set(e, SAMSYN_EIO, NULL, "Inställningsfilen går inte att läsa.");
	buf_init(&b, 1024 * 1024);
	while (rc == SAMSYN_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(&b, chunk, n) != SAMSYN_OK)
			rc = err_set(e, SAMSYN_ETOOBIG, NULL, "Inställningsfilen är för stor.");
	fclose(f);
	if (rc == SAMSYN_OK)
		rc = config_parse(c, buf_cstr(&b), b.len, e);
	buf_release(&b);
	return rc;
}

int
config_load_env(struct config *c, struct err *e)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char name[64];
		const char *v;
		int rc;

		snprintf(name, sizeof(name), "SAMSYN_");
		for (size_t k = 0; keys[i].key[k] && k + 8 < sizeof(name); k++) {
			char ch = keys[i].key[k];

			name[7 + k] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
			name[8 + k] = '\0';
		}
		if ((v = getenv(name)) != NULL && (rc = config_set(c, keys[i].key, v, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}
