/* cmd_series.c — `chitieu series CODE`: one row per period with the chosen
 * value and why, the other values seen and their sources, stated against
 * computed year-on-year change, and a conflict mark (series.h). */
#include "chitieu/chitieu.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *fp)
{
    fputs("usage: chitieu series CODE [--from P] [--to P] [--area A] [--format table|csv|jsonl]\n"
          "                      [--db PATH] [--catalog FILE]\n"
          "\n"
          "One row per period of indicator CODE: the chosen value (a reported figure over a\n"
          "baseline quoted for it, then the latest publication) and why, the other values\n"
          "seen with their documents, the stated and the computed year-on-year change, and\n"
          "'!' where values of the period disagree beyond their written precision.\n"
          "\n"
          "  --from P, --to P  periods: 2023, 2023-Q1, 2023-02... or as reports write them\n"
          "                    (\"quý 1/2024\", \"6 tháng đầu năm 2025\", \"tháng 5/2025\")\n"
          "  --area A          a province or agency (default: national figures)\n"
          "  --format F        table (default on a terminal), csv or jsonl (json)\n"
          "\n"
          "Exit statuses: 0 ok, 64 usage, 66 unknown indicator, 74 database error,\n"
          "78 bad catalogue.\n",
          fp);
}

static const char *why_vi(ct_chosen_why w)
{
    return w == CT_CHOSEN_ONLY ? "duy nhất" : w == CT_CHOSEN_REPORTED ? "số báo cáo" : "mới nhất";
}

int cmd_series(int argc, char **argv)
{
    const char *code = NULL, *from = NULL, *to = NULL, *area = "", *format = NULL, *db = NULL,
               *catalog = NULL;
    const cli_opt opts[] = {{"--from", NULL, &from, NULL}, {"--to", NULL, &to, NULL},
                            {"--area", NULL, &area, NULL}, {"--format", NULL, &format, NULL},
                            {"--db", NULL, &db, NULL},     {"--catalog", NULL, &catalog, NULL},
                            {NULL, NULL, NULL, NULL}};
    int prc = cli_parse("series", argc, argv, opts, &code, 1, NULL, usage);
    if (prc) return prc < 0 ? EXIT_OK : prc;
    if (!code) {
        fprintf(stderr, "chitieu series: which indicator? (chitieu catalog lists them)\n");
        return EXIT_USAGE;
    }
    ct_period pf = {0, 0, 0}, pt = {0, 0, 0};
    const char *fmt =
        cli_format("series", format, isatty(STDOUT_FILENO) ? "table" : "csv", "table,csv,jsonl");
    if (!fmt) return EXIT_USAGE;
    ct_catalog *cat;
    ct_store *st;
    int status = cli_open("series", catalog, db, code, &cat, &st);
    if (status) return status;
    if ((status = cli_periods("series", cat, from, to, &pf, &pt))) {
        ct_store_close(st);
        ct_catalog_free(cat);
        return status;
    }
    const ct_indicator *ind = ct_catalog_find(cat, code);
    ct_series s;
    ct_error err;
    if (ct_series_build(st, cat, code, area, &pf, &pt, &s, &err) != CT_OK) {
        fprintf(stderr, "chitieu series: %s\n", err.msg);
        ct_store_close(st);
        ct_catalog_free(cat);
        return EXIT_IOERR;
    }
    ct_buf b;
    ct_buf_init(&b);
    char per[48], tmp[64], pub[16];
    if (!strcmp(fmt, "jsonl")) {
        if (ct_series_json(&b, &s, area) != CT_OK) status = EXIT_OSERR;
        ct_buf_putc(&b, '\n');
    } else if (!strcmp(fmt, "csv")) {
        ct_buf_puts(&b, "period,value,unit,approx,role,doc,published,why,stated_yoy,computed_yoy,"
                        "conflict,others\n");
    } else {
        ct_buf_printf(&b, "%s — %s (%s)\n", code, ind->name_vi ? ind->name_vi : "",
                      ind->measure == CT_STOCK ? "số tại cuối kỳ" : "số trong kỳ");
        ct_buf_puts(&b, "  ");
        ct_render_pad(&b, "kỳ", 22);
        ct_render_pad(&b, "giá trị", 26);
        ct_render_pad(&b, "lý do", 11);
        ct_render_pad(&b, "tăng (ghi)", 11);
        ct_render_pad(&b, "tăng (tính)", 11);
        ct_buf_puts(&b, "nguồn / giá trị khác\n");
    }
    size_t nrows = strcmp(fmt, "jsonl") ? s.n : 0; /* json is written whole */
    for (size_t i = 0; i < nrows; i++) {
        const ct_series_row *r = &s.rows[i];
        ct_period_format(&r->period, per, sizeof per);
        if (!strcmp(fmt, "csv")) {
            ct_decimal_json(r->chosen.value, tmp, sizeof tmp);
            ct_date_format(r->chosen.pub, pub, sizeof pub);
            const char *ap = ct_approx_name(r->chosen.approx);
            ct_buf_printf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,", per, tmp, r->unit, ap ? ap : "",
                          r->chosen.baseline ? "baseline" : "reported", r->chosen.doc, pub,
                          ct_chosen_why_name(r->why));
            if (r->has_stated_yoy) {
                ct_decimal_json(r->stated_yoy, tmp, sizeof tmp);
                ct_buf_puts(&b, tmp);
            }
            ct_buf_putc(&b, ',');
            if (r->has_computed_yoy) ct_buf_printf(&b, "%.2f", r->computed_yoy);
            ct_buf_printf(&b, ",%d,\"", r->conflict);
            for (int k = 0; k < r->nothers && k < CT_SERIES_OTHERS; k++) {
                ct_decimal_json(r->others[k].value, tmp, sizeof tmp);
                ct_buf_printf(&b, "%s%s@%s", k ? ";" : "", tmp, r->others[k].doc);
            }
            ct_buf_puts(&b, "\"\n");
        } else {
            ct_buf v;
            ct_buf_init(&v);
            ct_period_format_vi(&r->period, per, sizeof per);
            ct_render_value_vi(&v, r->chosen.value, r->unit);
            if (r->chosen.approx) ct_buf_puts(&v, " (ước)");
            char sy[80] = "", cy[80] = "";
            if (r->has_stated_yoy) {
                ct_num_format_vi(ct_decimal_value(r->stated_yoy),
                                 r->stated_yoy.exp < 0 ? -r->stated_yoy.exp : 0, tmp, sizeof tmp);
                snprintf(sy, sizeof sy, "%s%s%%", ct_decimal_value(r->stated_yoy) >= 0 ? "+" : "",
                         tmp);
            }
            if (r->has_computed_yoy) {
                ct_num_format_vi(r->computed_yoy, 1, tmp, sizeof tmp);
                snprintf(cy, sizeof cy, "%s%s%%", r->computed_yoy >= 0 ? "+" : "", tmp);
            }
            ct_buf_puts(&b, r->conflict ? "! " : "  ");
            ct_render_pad(&b, per, 22);
            ct_render_pad(&b, v.data ? v.data : "", 26);
            ct_render_pad(&b, why_vi(r->why), 11);
            ct_render_pad(&b, sy, 11);
            ct_render_pad(&b, cy, 11);
            ct_buf_puts(&b, r->chosen.doc);
            for (int k = 0; k < r->nothers && k < CT_SERIES_OTHERS; k++) {
                ct_buf_reset(&v);
                ct_render_value_vi(&v, r->others[k].value, r->unit);
                ct_buf_printf(&b, "; %s (%s)", v.data ? v.data : "", r->others[k].doc);
            }
            if (r->nothers > CT_SERIES_OTHERS)
                ct_buf_printf(&b, "; +%d", r->nothers - CT_SERIES_OTHERS);
            ct_buf_putc(&b, '\n');
            ct_buf_free(&v);
        }
        if (b.len > 65536) {
            if (cli_write(b.data, b.len)) status = EXIT_IOERR;
            ct_buf_reset(&b);
        }
    }
    if (b.len && cli_write(b.data, b.len)) status = EXIT_IOERR;
    ct_buf_free(&b);
    ct_series_free(&s);
    ct_store_close(st);
    ct_catalog_free(cat);
    return status;
}
