/* extract.c — the document: an extractor's life, the reporting period and
 * area of a document, the sections its headings open, and the queue of
 * records held back so that a later sentence can add a change to them or
 * void them ("kể từ khi khai trương" totals).
 *
 * The extractor is a stream: segment.c validates bytes as they come and
 * cuts sentences (a line break, or . ! ? … before a space); the first
 * sentences (the head, at most HEAD_BYTES) are held until the reporting
 * period is known; each sentence is folded (text.c), tokenised (lex.c) and
 * assembled into records (assemble.c). Memory is bounded: one sentence (at
 * most CT_MAX_SENTENCE bytes), the head and the queue.
 *
 * Document state: the reporting period (from the head, then from each
 * heading that names one), the document's area (--area, or a provincial
 * department that opens the head), the sector and indicator in force, the
 * period in force in the current paragraph, and the queue. */
#include "extract_int.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *ct_approx_name(ct_approx a)
{
    switch (a) {
    case CT_APPROX_ESTIMATE:
        return "estimate";
    case CT_APPROX_ABOUT:
        return "about";
    case CT_APPROX_OVER:
        return "over";
    case CT_APPROX_UNDER:
        return "under";
    default:
        return NULL;
    }
}

const char *ct_basis_name(ct_basis b)
{
    return b == CT_BASIS_PREV ? "prev" : b == CT_BASIS_PLAN ? "plan" : "yoy";
}

ct_extractor *ct_extractor_new(const ct_catalog *cat, const ct_extract_opts *opts, ct_record_fn fn,
                               void *ud)
{
    ct_extractor *ex = calloc(1, sizeof *ex);
    if (!ex) return NULL;
    ex->cat = cat;
    if (opts) ex->opts = *opts;
    ex->fn = fn;
    ex->ud = ud;
    ct_fold_init(&ex->fold);
    ct_extractor_reset(ex);
    return ex;
}

void ct_extractor_free(ct_extractor *ex)
{
    if (!ex) return;
    ct_buf_free(&ex->sent);
    ct_buf_free(&ex->head);
    ct_fold_free(&ex->fold);
    free(ex->toks.v);
    free(ex->scratch);
    free(ex);
}

void ct_extractor_reset(ct_extractor *ex)
{
    ct_buf_reset(&ex->sent);
    ex->sent_off = 0;
    ct_buf_reset(&ex->head);
    ex->sent_start = ex->off = 0;
    ex->line_start = 1;
    ex->title_zone = 1;
    ex->ntail = 0;
    ex->head_done = 0;
    ex->nhs = 0;
    ex->have_doc = 0;
    memset(&ex->docper, 0, sizeof ex->docper);
    ex->docflags = 0;
    ex->sector = NULL;
    ex->last_ind = NULL;
    ex->have_prev_per = 0;
    ex->have_line_per = 0;
    ex->nprev_inds = 0;
    ex->sent_line_start = 1;
    ex->docarea = ex->opts.area && *ex->opts.area ? ex->opts.area : NULL;
    ex->nq = 0;
    ex->nvoids = 0;
    ex->sentno = 0;
    ex->stopped = 0;
    ex->failed = 0;
    ex->rescan_set = 0;
}

/* ---- periods ------------------------------------------------------------- */

int ct__pub_month(const ct_extractor *ex)
{
    return ex->opts.pub_year
               ? CT_MONTH(ex->opts.pub_year, ex->opts.pub_month ? ex->opts.pub_month : 1)
               : 0;
}

/* Give a year to a period written without one. */
ct_period ct__fix_year(const ct_extractor *ex, ct_period p, int flags)
{
    if (!(flags & PF_NOYEAR)) return p;
    int y =
        ex->have_doc ? CT_YEAR_OF(ex->docper.last) : (ex->opts.pub_year ? ex->opts.pub_year : 2000);
    int pm = ct__pub_month(ex);
    if ((flags & (PF_PAST_Y | PF_PAST_Q | PF_PAST_M)) && pm) {
        int m1 = pm - 1; /* the month before publication */
        if (flags & PF_PAST_M) return (ct_period){m1, m1, 0};
        if (flags & PF_PAST_Y) {
            /* the year just past: this one once it is (nearly) over */
            int py = CT_YEAR_OF(m1) - (CT_MON_OF(m1) >= 11 ? 0 : 1);
            return (ct_period){CT_MONTH(py, 1), CT_MONTH(py, 12), 0};
        }
        int qend = m1; /* the last quarter that ended by then */
        while (CT_MON_OF(qend) % 3) qend--;
        return (ct_period){qend - 2, qend, 0};
    }
    if (flags & PF_DOCYEAR) {
        /* "cả năm": the report's year as written, else publication's */
        if ((!ex->have_doc || (ex->docflags & PF_NOYEAR)) && ex->opts.pub_year)
            y = ex->opts.pub_year;
        p.first += y * 12;
        p.last += y * 12;
        return p;
    }
    if (flags & PF_RELYEAR) {
        /* "năm nay" (this year), "năm ngoái" (last year): from publication */
        y = (ex->opts.pub_year ? ex->opts.pub_year : y) - ((flags & PF_RELPREV) ? 1 : 0);
        p.first += y * 12;
        p.last += y * 12;
        return p;
    }
    p.first += y * 12;
    p.last += y * 12;
    if (pm && p.last > pm + 1) {
        p.first -= 12;
        p.last -= 12;
    }
    return p;
}

/* The period a figure of `ind` reads from a period token. */
ct_period ct__apply_period(const ct_extractor *ex, ct_period p, int flags,
                              const ct_indicator *ind)
{
    int stock = ind && ind->measure == CT_STOCK;
    if (flags & PF_YTD_OPEN) {
        int y = CT_YEAR_OF(p.last);
        if (flags & PF_NOYEAR)
            y = ex->opts.pub_year ? ex->opts.pub_year : CT_YEAR_OF(ex->docper.last);
        int end =
            ct__pub_month(ex) ? ct__pub_month(ex) - 1 : (ex->have_doc ? ex->docper.last : CT_MONTH(y, 12));
        if (CT_YEAR_OF(end) != y) end = CT_MONTH(y, 12);
        ct_period r = {CT_MONTH(y, 1), end, 0};
        if (stock) r.first = r.last;
        return r;
    }
    p = ct__fix_year(ex, p, flags);
    if ((flags & PF_UPTO) && !stock) {
        p.first = CT_MONTH(CT_YEAR_OF(p.last), 1);
        p.day = 0;
    }
    if (!stock && p.day && p.first == p.last) p.day = 0; /* a flow on a day: its month */
    return p;
}

ct_period ct__default_period(const ct_extractor *ex, const ct_indicator *ind)
{
    if (ex->have_doc) return ct__apply_period(ex, ex->docper, ex->docflags & ~PF_NOYEAR, ind);
    int pm = ct__pub_month(ex);
    ct_period p = {pm ? pm - 1 : 0, pm ? pm - 1 : 0, 0};
    return p;
}

/* ---- record queue -------------------------------------------------------- */

static void deliver(ct_extractor *ex, const ct_record *r)
{
    if (ex->stopped) return;
    if (ex->fn(ex->ud, r)) ex->stopped = 1;
}

/* Deliver queued records of sentences before `older_than` (all if all). */
void ct__flush_queue(ct_extractor *ex, long older_than, int all)
{
    int i = 0;
    while (i < ex->nq && (all || ex->queue[i].sentno < older_than)) {
        deliver(ex, &ex->queue[i].rec);
        i++;
    }
    if (i) {
        memmove(ex->queue, ex->queue + i, (size_t)(ex->nq - i) * sizeof ex->queue[0]);
        ex->nq -= i;
    }
}

void ct__emit_or_queue(ct_extractor *ex, const ct_record *r)
{
    if (ex->nq == QUEUE_MAX) {
        deliver(ex, &ex->queue[0].rec);
        memmove(ex->queue, ex->queue + 1, (size_t)(ex->nq - 1) * sizeof ex->queue[0]);
        ex->nq--;
    }
    ex->queue[ex->nq].rec = *r;
    ex->queue[ex->nq].sentno = ex->sentno;
    ex->nq++;
}

void ct__add_void(ct_extractor *ex, const ct_indicator *ind, double v)
{
    for (int i = 0; i < ex->nq;) {
        if (ex->queue[i].rec.ind == ind && ex->queue[i].rec.type == CT_REC_OBSERVATION &&
            near_equal(ct_decimal_value(ex->queue[i].rec.value), v)) {
            memmove(&ex->queue[i], &ex->queue[i + 1],
                    (size_t)(ex->nq - i - 1) * sizeof ex->queue[0]);
            ex->nq--;
        } else {
            i++;
        }
    }
    if (ex->nvoids < VOIDS_MAX) {
        ex->voids[ex->nvoids].ind = ind;
        ex->voids[ex->nvoids].v = v;
        ex->nvoids++;
    }
}

/* ---- the document ----------------------------------------------------------- */

/* Pick the reporting period from the head sentences. */
static void find_doc_period(ct_extractor *ex)
{
    int counted = 0;
    int pm = ct__pub_month(ex);
    for (int i = 0; i < ex->nhs && !ex->have_doc; i++) {
        head_sent *h = &ex->hs[i];
        if (!h->heading && ++counted > HEAD_SENTENCES) break;
        if (ct_fold_text(&ex->fold, ex->head.data + h->off, h->len) != CT_OK) return;
        if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
        for (size_t k = 0; k < ex->toks.n; k++) {
            tk *t = &ex->toks.v[k];
            if (t->kind != TK_PERIOD) continue;
            if (t->pflags & (PF_CMP | PF_TARGET | PF_YTD_OPEN | PF_PLAN)) continue;
            if (t->per.day) continue;
            if (k > 0 && is_cue(&ex->toks.v[k - 1], CUE_FROM)) continue;
            ct_period p = t->per;
            if (t->pflags & (PF_RELYEAR | PF_PAST_Y | PF_PAST_Q | PF_PAST_M)) {
                p = ct__fix_year(ex, p, t->pflags);
            } else if (t->pflags & PF_NOYEAR) {
                int y = ex->opts.pub_year;
                if (!y) continue;
                p.first += y * 12;
                p.last += y * 12;
                if (pm && p.last > pm + 1) p.first -= 12, p.last -= 12;
            }
            if (pm && p.last > pm + 1) continue;
            if (pm && p.last < pm - 36) continue;
            ex->have_doc = 1;
            ex->docper = p;
            ex->docflags = t->pflags & (PF_UPTO | PF_NOYEAR); /* NOYEAR: its year inferred */
            break;
        }
    }
}

/* A heading after the head that names a period ("Tổng quan ngành trong
 * tháng 10/2023", "6 tháng đầu năm 2024:") opens a section: its period is
 * the reporting period of what follows. */
static void section_period(ct_extractor *ex, const char *s, size_t n)
{
    if (!ct__has_digit(s, n) || ct_fold_text(&ex->fold, s, n) != CT_OK) return;
    if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
    int pm = ct__pub_month(ex);
    for (size_t k = 0; k < ex->toks.n; k++) {
        const tk *t = &ex->toks.v[k];
        if (t->kind == TK_NUM) return; /* a headline with a figure: no section */
        if (t->kind != TK_PERIOD || (t->pflags & (PF_CMP | PF_TARGET | PF_YTD_OPEN)) || t->per.day)
            continue;
        ct_period p = ct__fix_year(ex, t->per, t->pflags);
        if (pm && p.last > pm + 1) continue;
        ex->have_doc = 1;
        ex->docper = p;
        ex->docflags = t->pflags & (PF_UPTO | PF_NOYEAR);
        return;
    }
}

/* A caption: a line's sentence that ends with a colon and names a period
 * but no figure. Its period holds for the table rows and list lines that
 * follow it, until a line of another kind. */
static void caption_period(ct_extractor *ex, const char *s, size_t n)
{
    size_t e = n;
    while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (e == 0 || s[e - 1] != ':' || !ct__has_digit(s, e)) return;
    if (ct_fold_text(&ex->fold, s, e) != CT_OK) return;
    if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
    int found = 0;
    for (size_t k = 0; k < ex->toks.n; k++) {
        const tk *t = &ex->toks.v[k];
        if (t->kind == TK_NUM) return;
        if (found || t->kind != TK_PERIOD || (t->pflags & (PF_CMP | PF_TARGET | PF_PLAN)))
            continue;
        ex->cap_per = ct__fix_year(ex, t->per, t->pflags);
        ex->cap_pflags = t->pflags & ~PF_NOYEAR;
        found = 1;
    }
    ex->have_cap_per = found;
}

static int list_line(const char *s, size_t n, int table_row)
{
    return table_row || (n > 0 && (s[0] == '-' || s[0] == '+' || s[0] == '*')) ||
           (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0); /* • */
}

void ct__process_sentence(ct_extractor *ex, const char *s, size_t n, long long start,
                             int heading, int line_start)
{
    ex->sentno++;
    int digit = 0, cells = ct__table_cells(s, n, &digit);
    int header = line_start && cells > 1 && !digit;
    ex->sent_cells = line_start && cells > 1;
    if (line_start) {
        ex->have_line_per = 0, ex->line_offperiod = 0;
        ex->sent_row = list_line(s, n, cells > 1 && digit);
        if (ex->have_cap_per && ex->sent_row) {
            ex->line_per = ex->cap_per;
            ex->line_pflags = ex->cap_pflags;
            ex->have_line_per = 1;
        } else {
            ex->have_cap_per = 0;
        }
        if (!ex->sent_row && !header) ex->table_ind = NULL;
    }
    int caption = 0;
    if (line_start && !heading) {
        caption_period(ex, s, n);
        caption = ex->have_cap_per;
    }
    ex->sent_line_start = line_start;
    if (heading && ex->head_done) section_period(ex, s, n);
    const ct_indicator *before = ex->last_ind;
    if (header) ex->last_ind = NULL; /* what the header's cells name, if any */
    if (!heading && !ex->failed) {
        int rc = ct__assemble(ex, s, n, start);
        if (rc != CT_OK) ex->failed = rc;
    }
    if (header) {
        if (ex->last_ind)
            ex->table_ind = ex->last_ind;
        else
            ex->last_ind = before;
    }
    if (caption) ex->table_ind = ex->last_ind;
    ct__flush_queue(ex, ex->sentno - QUEUE_AGE, 0);
}

/* The document's own area: a provincial department or province that a
 * head sentence opens with ("Sở TT&TT tỉnh Nghệ An cho biết ...", "Tỉnh
 * Hà Nam: ...") or a heading names with its title word ("Viễn thông tỉnh
 * Nghệ An 6 tháng đầu năm"). A bare place name is not enough: "Hội nghị tại
 * Hà Nội" says where, not whose. --area wins over all of this. */
static void find_doc_area(ct_extractor *ex)
{
    if (ex->docarea) return;
    int counted = 0;
    for (int i = 0; i < ex->nhs && !ex->docarea; i++) {
        head_sent *h = &ex->hs[i];
        if (!h->heading && ++counted > HEAD_SENTENCES) break;
        if (ct_fold_text(&ex->fold, ex->head.data + h->off, h->len) != CT_OK) return;
        if (ct__lex(ex->cat, ex->fold.text, ex->fold.len, &ex->toks) != CT_OK) return;
        const char *t = ex->fold.text;
        for (size_t k = 0; k < ex->toks.n; k++) {
            const tk *a = &ex->toks.v[k];
            if (a->kind != TK_PHRASE || a->ph->kind != CT_PH_AREA) continue;
            int titled = !strncmp(t + a->s, "sở ", strlen("sở ")) ||
                         !strncmp(t + a->s, "tỉnh ", strlen("tỉnh ")) ||
                         !strncmp(t + a->s, "thành phố ", strlen("thành phố "));
            int opens = k == 0 || (k == 1 && ex->toks.v[0].kind == TK_PUNCT);
            if (titled && (opens || h->heading) && strcmp(a->ph->arg2, "ministry")) {
                ex->docarea = a->ph->arg;
                break;
            }
        }
    }
}

void ct__close_head(ct_extractor *ex)
{
    if (ex->head_done) return;
    ex->head_done = 1;
    find_doc_period(ex);
    find_doc_area(ex);
    for (int i = 0; i < ex->nhs; i++)
        ct__process_sentence(ex, ex->head.data + ex->hs[i].off, ex->hs[i].len, ex->hs[i].start,
                         ex->hs[i].heading, ex->hs[i].line_start);
    ct_buf_reset(&ex->head);
    ex->nhs = 0;
}

int ct_extractor_finish(ct_extractor *ex, ct_error *err)
{
    ct_error_clear(err);
    if (ex->ntail) {
        long long at = ex->off - (long long)ex->ntail;
        ex->ntail = 0;
        ct__split(ex, 0, 1);
        if (ex->sent.len > ex->sent_off) ct__sentence_done(ex, ex->sent.len - ex->sent_off, 1);
        ct__close_head(ex);
        ct__flush_queue(ex, 0, 1);
        return ct_error_set(err, CT_EUTF8, at, 0, "invalid UTF-8 (truncated sequence)");
    }
    ct__split(ex, 0, 1);
    if (ex->sent.len > ex->sent_off) ct__sentence_done(ex, ex->sent.len - ex->sent_off, 1);
    ct__close_head(ex);
    ct__flush_queue(ex, 0, 1);
    if (ex->failed || ex->head.oom || ex->sent.oom)
        return ct_error_set(err, CT_ENOMEM, ex->off, 0, "out of memory: a sentence was not read");
    return CT_OK;
}

int ct_extract_buffer(const ct_catalog *cat, const ct_extract_opts *opts, const char *buf,
                      size_t len, ct_record_fn fn, void *ud, ct_error *err)
{
    ct_extractor *ex = ct_extractor_new(cat, opts, fn, ud);
    if (!ex) return ct_error_set(err, CT_ENOMEM, -1, 0, "out of memory");
    int rc = ct_extractor_feed(ex, buf, len, err);
    if (rc == CT_OK)
        rc = ct_extractor_finish(ex, err);
    else {
        ct_error saved = *err;
        ct_extractor_finish(ex, err);
        *err = saved;
    }
    ct_extractor_free(ex);
    return rc;
}

int ct_period_parse_text(const ct_catalog *cat, const char *s, size_t n, ct_period *out)
{
    if (ct_period_parse(s, n, out) == CT_OK) return CT_OK;
    ct_fold f;
    ct_fold_init(&f);
    tk_list toks = {NULL, 0, 0};
    int rc = ct_fold_text(&f, s, n);
    if (rc == CT_OK) rc = ct__lex(cat, f.text, f.len, &toks);
    if (rc == CT_OK) {
        /* exactly one period token, with a year, and nothing else but
         * blanks around it: "quý 7/2024" or "quý 1" are not periods */
        const tk *p = NULL;
        int other = 0;
        for (size_t k = 0; k < toks.n; k++) {
            if (toks.v[k].kind == TK_PERIOD && !p)
                p = &toks.v[k];
            else
                other = 1;
        }
        size_t lead = 0, tail = f.len;
        while (lead < f.len && f.text[lead] == ' ')
            lead++;
        while (tail > lead && f.text[tail - 1] == ' ')
            tail--;
        if (!p || other || (p->pflags & PF_NOYEAR) || p->s != lead || p->e != tail ||
            !ct_period_is_set(&p->per))
            rc = CT_EPARSE;
        else
            *out = p->per;
    }
    free(toks.v);
    ct_fold_free(&f);
    return rc;
}
