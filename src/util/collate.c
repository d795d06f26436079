#include "util/collate.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

static UCollator *collator;
static _Thread_local size_t sort_key_offset;

int
collate_init(void)
{
	UErrorCode status = U_ZERO_ERROR;

	if (collator)
		return 0;
	collator = ucol_open("sv_SE", &status);
	return U_FAILURE(status) ? -1 : 0;
}

void
collate_shutdown(void)
{
	if (collator)
		ucol_close(collator);
	collator = NULL;
}

int
collate_sv(const char *a, const char *b)
{
	UErrorCode status = U_ZERO_ERROR;
	UCollationResult r;

	if (collator == NULL)
		return strcmp(a, b);
	/* ICU collators may be shared by threads for comparisons. */
	r = ucol_strcollUTF8(collator, a, -1, b, -1, &status);
	if (U_FAILURE(status))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : strcmp(a, b);
}

static int
collate_cmp_items(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)((const char *)*(void *const *)pa + sort_key_offset);
	const char *b = *(const char *const *)((const char *)*(void *const *)pb + sort_key_offset);

	return collate_sv(a ? a : "", b ? b : "");
}

void
collate_sort(void **items, size_t n, size_t key_offset)
{
	if (n < 2)
		return; /* and qsort must not see a NULL array */
	sort_key_offset = key_offset;
	qsort(items, n, sizeof(*items), collate_cmp_items);
}

bool
collate_fold(const char *in, char *out, size_t n)
{
	UChar wide[512], folded[512];
	UErrorCode status = U_ZERO_ERROR;
	int32_t len = 0, flen, olen = 0;

	u_strFromUTF8(wide, 512, &len, in, -1, &status);
	if (U_FAILURE(status) || len >= 512)
		return false;
	flen = u_strFoldCase(folded, 512, wide, len, U_FOLD_CASE_DEFAULT, &status);
	if (U_FAILURE(status) || flen >= 512)
		return false;
	u_strToUTF8(out, (int32_t)n, &olen, folded, flen, &status);
	return U_SUCCESS(status) && status != U_STRING_NOT_TERMINATED_WARNING &&
	       (size_t)olen < n;
}
