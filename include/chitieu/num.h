/* chitieu — Vietnamese numbers.
 *
 * A figure keeps how it was written: its digits as an exact decimal
 * (mantissa × 10^exp), so "548 tỷ" is known to ±0,5 tỷ and "46,8%" to
 * ±0,05 points. Vietnamese writes "." between thousands and "," before
 * decimals: "1.812" is 1812, "46,8" is 46.8, "33.536,37" is 33536.37. A
 * dot followed by a group that is not exactly three digits ("2.0", "4.5")
 * is read as a decimal point, the way English-style copy writes it. */
#ifndef CHITIEU_NUM_H
#define CHITIEU_NUM_H

#include <stddef.h>
#include <stdint.h>

typedef struct ct_decimal {
    int64_t mant; /* signed digits */
    int exp;      /* value = mant × 10^exp */
} ct_decimal;

/* Parse the number text s[0..n) (digits, '.', ','; nothing else).
 * Returns CT_OK, or CT_EPARSE for a malformed number and CT_EINVAL for
 * one with more significant digits than fit in 18 (such figures are not
 * statistics; the extractor skips them). */
int ct_num_parse(const char *s, size_t n, ct_decimal *out);
double ct_decimal_value(ct_decimal d);
/* Multiply by 10^k (scale words: nghìn = 3, triệu = 6, tỷ = 9). */
ct_decimal ct_decimal_scale(ct_decimal d, int k);
/* Half a unit of the last written digit, in value units (0,5 for "548"). */
double ct_decimal_halfulp(ct_decimal d);
/* Write d in base units for JSON: "804000000000", "46.8". */
int ct_decimal_json(ct_decimal d, char *out, size_t size);
/* Write a double the way Vietnamese reports do: "1.812", "46,8",
 * "33.536,37", with at most `decimals` decimals, trailing zeros dropped. */
int ct_num_format_vi(double v, int decimals, char *out, size_t size);

#endif
