/* review_findings.c — a person's word on a finding (review.h): confirmed,
 * explained with a note, dismissed, or open again. A mark is an audited
 * row of the store (ct_store_mark_put), by the finding's stable id; the
 * checker's runs over a store give each finding its latest mark and leave
 * the dismissed ones out (check_run.c), so that a dismissed finding does
 * not come back on the next check. Only a finding the store gives now can
 * be marked: a typed id that names none is refused, not stored. */
#include "chitieu/check.h"
#include "chitieu/review.h"
#include "review_int.h"

#include <string.h>

static const char *const names[] = {"open", "confirmed", "explained", "dismissed"};

const char *ct_finding_status_name(ct_finding_status s)
{
    return s >= CT_FSTATUS_OPEN && s <= CT_FSTATUS_DISMISSED ? names[s] : "?";
}

int ct_finding_status_parse(const char *s, ct_finding_status *out)
{
    for (int k = 0; s && k < 4; k++)
        if (!strcmp(s, names[k])) {
            *out = (ct_finding_status)k;
            return CT_OK;
        }
    return CT_EINVAL;
}

typedef struct seek {
    const char *id;
    int hit;
} seek;

static int on_finding(void *ud, const ct_finding *f)
{
    seek *k = ud;
    if (strcmp(f->id, k->id)) return 0;
    k->hit = 1;
    return 1;
}

int ct_finding_mark_set(ct_store *st, const ct_catalog *cat, const char *id,
                        ct_finding_status status, const char *who, const char *note,
                        long long *mark_id, ct_error *err)
{
    ct_error_clear(err);
    if (!who || !*who)
        return ct_error_set(err, CT_EINVAL, -1, 0, "a mark needs its reviewer (--by)");
    if (status == CT_FSTATUS_EXPLAINED && (!note || !*note))
        return ct_error_set(err, CT_EINVAL, -1, 0, "an explained finding needs its note (--note)");
    size_t n = id ? strlen(id) : 0;
    if (n != 16 || strspn(id, "0123456789abcdef") != 16)
        return ct_error_set(err, CT_EINVAL, -1, 0, "finding '%s': expected 16 hex digits",
                            id ? id : "");
    if (ct_store_schema_version(st) < 6)
        return ct_error_set(err, CT_EINVAL, -1, 0,
                            "database schema %d has no finding marks (need 6)",
                            ct_store_schema_version(st));
    /* the finding must be one the store gives now, dismissed or not */
    seek k = {id, 0};
    ct_check_opts co = {.all = 1};
    int rc = ct_check_store_marked(st, cat, &co, 0, 1, NULL, on_finding, &k, err);
    if (rc < 0) return rc;
    if (!k.hit)
        return ct_error_set(err, CT_ENOENT, -1, 0,
                            "no finding %s in the database (see chitieu check --format jsonl)", id);
    if ((rc = ct_store_begin(st, err)) != CT_OK) return rc;
    ct_finding_mark m = {.finding = id, .status = status, .who = who, .note = note};
    rc = ct_store_mark_put(st, &m, err);
    if (rc == CT_OK) ct__review_test_pause();
    if (rc == CT_OK) rc = ct_store_commit(st, err);
    if (rc != CT_OK) {
        ct_store_rollback(st);
        return rc;
    }
    if (mark_id) *mark_id = m.id;
    return CT_OK;
}
