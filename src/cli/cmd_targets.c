/* cmd_targets.c — `chitieu targets`: every stored target with the figure
 * it is judged by, the growth computed where the target is a growth rate,
 * and its status (targets.h, docs/targets.md). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu targets [--year Y] [--as-of YYYY-MM] [--format table|csv|jsonl]\n"
          "                       [--db PATH] [--catalog FILE]\n"
          "\n"
          "Each stored target (from report text, or imported from a targets file) with the\n"
          "latest figure, the growth computed where the target is a growth rate, and a\n"
          "status: achieved, on track, at risk, missed, no data (rules: docs/targets.md).\n"
          "A targets file is imported with chitieu import: CSV columns indicator, period,\n"
          "min, max or growth_min, growth_max, source.\n"
          "\n"
          "  --as-of YYYY-MM  judge as of this month (default: the current month)\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 74 database error, 78 bad catalogue.\n",
          fp);
}

typedef struct tout {
    const char *fmt;
    ct_buf b;
    ct_json j; /* --format json: inside the targets array */
    int n;
} tout;

static void target_text(ct_buf *b, const ct_record *t)
{
    if (t->growth) {
        char lo[32] = "", hi[32] = "";
        if (t->has_min)
            ct_num_format_vi(ct_decimal_value(t->min), t->min.exp < 0 ? -t->min.exp : 0, lo,
                             sizeof lo);
        if (t->has_max)
            ct_num_format_vi(ct_decimal_value(t->max), t->max.exp < 0 ? -t->max.exp : 0, hi,
                             sizeof hi);
        if (t->has_min && t->has_max && strcmp(lo, hi))
            ct_buf_printf(b, "tăng %s–%s%%", lo, hi);
        else if (t->has_min)
            ct_buf_printf(b, "tăng ≥ %s%%", lo);
        else
            ct_buf_printf(b, "tăng ≤ %s%%", hi);
        return;
    }
    if (t->has_min && t->has_max && (t->min.mant != t->max.mant || t->min.exp != t->max.exp)) {
        ct_render_value_vi(b, t->min, t->unit);
        ct_buf_puts(b, " – ");
        ct_render_value_vi(b, t->max, t->unit);
    } else if (t->has_min && t->has_max) {
        ct_render_value_vi(b, t->min, t->unit);
    } else if (t->has_min) {
        ct_buf_puts(b, "≥ ");
        ct_render_value_vi(b, t->min, t->unit);
    } else {
        ct_buf_puts(b, "≤ ");
        ct_render_value_vi(b, t->max, t->unit);
    }
}

static int on_eval(void *ud, const ct_target_eval *e)
{
    tout *o = ud;
    const ct_record *t = &e->target->rec;
    char per[40], aper[40] = "", tmp[64];
    ct_period_format(&t->period, per, sizeof per);
    if (e->has_actual) ct_period_format(&e->actual_period, aper, sizeof aper);
    if (!strcmp(o->fmt, "table")) {
        ct_buf g, a;
        ct_buf_init(&g);
        ct_buf_init(&a);
        target_text(&g, t);
        if (e->has_actual) {
            ct_render_value_vi(&a, e->actual,
                               t->unit && *t->unit  ? t->unit
                               : e->target->rec.ind ? e->target->rec.ind->unit
                                                    : "");
            ct_buf_printf(&a, " (%s)", aper);
        }
        if (e->has_growth) {
            ct_num_format_vi(e->growth, 1, tmp, sizeof tmp);
            ct_buf_printf(&a, ", tăng %s%%", tmp);
        }
        ct_render_pad(&o->b, e->target->indicator, 32);
        ct_render_pad(&o->b, per, 8);
        ct_render_pad(&o->b, g.data ? g.data : "", 28);
        ct_render_pad(&o->b, a.data ? a.data : "—", 44);
        ct_render_pad(&o->b, ct_target_status_vi(e->status), 20);
        ct_buf_printf(&o->b, "%s\n", e->why);
        ct_buf_free(&g);
        ct_buf_free(&a);
    } else if (!strcmp(o->fmt, "csv")) {
        ct_buf_printf(&o->b, "%s,%s,%s,", e->target->indicator, per,
                      t->growth ? "growth" : "level");
        if (t->has_min) {
            ct_decimal_json(t->min, tmp, sizeof tmp);
            ct_buf_puts(&o->b, tmp);
        }
        ct_buf_putc(&o->b, ',');
        if (t->has_max) {
            ct_decimal_json(t->max, tmp, sizeof tmp);
            ct_buf_puts(&o->b, tmp);
        }
        ct_buf_putc(&o->b, ',');
        if (e->has_actual) {
            ct_decimal_json(e->actual, tmp, sizeof tmp);
            ct_buf_puts(&o->b, tmp);
        }
        ct_buf_printf(&o->b, ",%s,", aper);
        if (e->has_growth) ct_buf_printf(&o->b, "%.2f", e->growth);
        ct_buf_printf(&o->b, ",%s,%s,%s\n", ct_target_status_name(e->status), e->target->doc,
                      e->has_actual ? e->actual_doc : "");
    } else {
        ct_target_eval_json(&o->j, e);
    }
    o->n++;
    return 0;
}

int cmd_targets(int argc, char **argv)
{
    const char *year = NULL, *asof = NULL, *format = NULL, *db = NULL, *catalog = NULL;
    const cli_opt opts[] = {{"--year", NULL, &year, NULL},       {"--as-of", NULL, &asof, NULL},
                            {"--format", NULL, &format, NULL},   {"--db", NULL, &db, NULL},
                            {"--catalog", NULL, &catalog, NULL}, {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("targets", argc, argv, opts, NULL, 0, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    int y = 0;
    if (year && ((y = atoi(year)) < 1900 || y > 2200)) {
        fprintf(stderr, "chitieu targets: --year '%s': expected a year\n", year);
        return EXIT_USAGE;
    }
    int asof_month;
    if (cli_as_of("targets", asof, &asof_month)) return EXIT_USAGE;
    tout o;
    memset(&o, 0, sizeof o);
    ct_json_init(&o.j, &o.b);
    o.fmt =
        cli_format("targets", format, isatty(STDOUT_FILENO) ? "table" : "csv", "table,csv,jsonl");
    if (!o.fmt) return EXIT_USAGE;
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("targets", catalog, db, NULL, &cat, &st);
    if (status) return status;
    if (!strcmp(o.fmt, "csv"))
        ct_buf_puts(&o.b, "indicator,period,kind,min,max,actual,actual_period,growth,status,source,"
                          "actual_source\n");
    else if (!strcmp(o.fmt, "jsonl"))
        ct_targets_json_open(&o.j, asof_month);
    else {
        ct_render_pad(&o.b, "chỉ tiêu", 32);
        ct_render_pad(&o.b, "kỳ", 8);
        ct_render_pad(&o.b, "mục tiêu", 28);
        ct_render_pad(&o.b, "thực hiện", 44);
        ct_render_pad(&o.b, "trạng thái", 20);
        ct_buf_puts(&o.b, "căn cứ\n");
    }
    ct_error err;
    if (ct_targets_eval(st, cat, y, asof_month, on_eval, &o, &err) != CT_OK) {
        fprintf(stderr, "chitieu targets: %s\n", err.msg);
        status = EXIT_IOERR;
    }
    if (!strcmp(o.fmt, "jsonl")) {
        ct_json_end(&o.j);
        ct_json_end(&o.j);
        ct_json_nl(&o.j);
    }
    if (o.b.len && cli_write(o.b.data, o.b.len)) status = EXIT_IOERR;
    ct_buf_free(&o.b);
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
