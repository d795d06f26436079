#include "domain/policy.h"

bool
policy_allows(enum policy p, const struct actor *actor)
{
	switch (p) {
	case POLICY_PUBLIC:
		return true;
	case POLICY_AUTHENTICATED:
		return actor->user_id > 0;
	case POLICY_ADMIN:
		return actor->user_id > 0 && actor->role == ROLE_ADMIN;
	case POLICY_AUDITOR:
		return actor->user_id > 0 && actor->role == ROLE_AUDITOR;
	case POLICY_UNSET:
		break;
	}
	return false;
}

bool
policy_needs_login(enum policy p)
{
	return p != POLICY_PUBLIC;
}

const char *
policy_name(enum policy p)
{
	switch (p) {
	case POLICY_PUBLIC:
		return "public";
	case POLICY_AUTHENTICATED:
		return "authenticated";
	case POLICY_ADMIN:
		return "admin";
	case POLICY_AUDITOR:
		return "auditor";
	case POLICY_UNSET:
		break;
	}
	return "unset";
}
