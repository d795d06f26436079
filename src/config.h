/* config.h - settings from defaults, a file, the environment and flags (in that order,
 * later ones winning).  The file has one `key = value` a line; `#` starts a comment.
 * Every key has an environment variable: SAMSYN_ and the key in capitals. */
#ifndef SAMSYN_CONFIG_H
#define SAMSYN_CONFIG_H

#include "domain/auth.h"
#include "http/server.h"
#include "util/err.h"

struct config {
	struct server_config server;
	struct auth_config auth;
	char db[1024];
	char listen[128];
	char trusted_proxy[64];
	/* Mail (src/mailer.c): the command a message is piped to ("" keeps mail queued),
	 * the From address, and the address to log in at that the text names ("": none). */
	char mail_command[1024];
	char mail_from[255];
	char public_url[512];
};

void config_defaults(struct config *c);

/* Sets one key from text; SAMSYN_EINVAL with a Swedish message for an unknown key or a
 * bad value. */
int config_set(struct config *c, const char *key, const char *value, struct err *e);

/* Reads a configuration file; the error names the line. */
int config_load_file(struct config *c, const char *path, struct err *e);

/* Parses a file's text (exported for the fuzz target). */
int config_parse(struct config *c, const char *text, size_t n, struct err *e);

/* Applies every SAMSYN_* variable of the environment that names a key. */
int config_load_env(struct config *c, struct err *e);

#endif
