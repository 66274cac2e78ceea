/* fuzz_num — Vietnamese number parsing and formatting. */
#include "chitieu/chitieu.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    ct_decimal d;
    if (ct_num_parse((const char *)data, size, &d) == CT_OK) {
        char out[128];
        ct_decimal_json(d, out, sizeof out);
        if (!out[0]) abort();
        ct_decimal s = ct_decimal_scale(d, 9);
        ct_decimal_json(s, out, sizeof out);
        ct_num_format_vi(ct_decimal_value(d), 3, out, sizeof out);
        ct_buf b;
        ct_buf_init(&b);
        ct_render_value_vi(&b, d, "VND");
        ct_render_value_vi(&b, s, "subscribers");
        ct_render_value_vi(&b, d, "percent");
        ct_buf_free(&b);
    }
    return 0;
}
