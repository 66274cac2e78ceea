/* chitieu — statistics of Vietnam's information and communications
 * sector: the whole public API. */
#ifndef CHITIEU_H
#define CHITIEU_H

#include "chitieu/error.h"
#include "chitieu/alloc.h"
#include "chitieu/buf.h"
#include "chitieu/json.h"
#include "chitieu/text.h"
#include "chitieu/num.h"
#include "chitieu/period.h"
#include "chitieu/catalog.h"
#include "chitieu/extract.h"
#include "chitieu/render.h"
#include "chitieu/store.h"
#include "chitieu/series.h"
#include "chitieu/check.h"
#include "chitieu/import.h"
#include "chitieu/ingest.h"
#include "chitieu/export.h"
#include "chitieu/targets.h"
#include "chitieu/chart.h"
#include "chitieu/report.h"
#include "chitieu/review.h"
#include "chitieu/eval.h"
#include "chitieu/doc.h"
#include "chitieu/fetch.h"
#include "chitieu/xlsx.h"
#include "chitieu/compare.h"

#define CT_VERSION "0.1.0"

#endif
