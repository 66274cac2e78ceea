/* review_int.h — what the review subsystem shares with the other writers
 * of the library (finding marks, ingest --replace), not a public API. */
#ifndef CT_REVIEW_INT_H
#define CT_REVIEW_INT_H

/* Tests only: $CHITIEU_TEST_REVIEW_PAUSE seconds of sleep inside a
 * transaction, after its rows are written and before the commit, so that a
 * test can kill the process there (tests/cli/review.sh). Defined in
 * review.c; nothing without the variable. */
void ct__review_test_pause(void);

#endif
