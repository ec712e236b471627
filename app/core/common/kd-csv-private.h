/* kd-csv-private.h: knobs of the CSV reader for the tests and the fuzzer only. */
#pragma once

#include "kd-csv.h"

G_BEGIN_DECLS

/* Reads @chunk_size bytes at a time and decides the encoding from the first
 * @detect_size bytes, so tests can put chunk boundaries anywhere. */
void _kd_csv_reader_set_chunk_size (KdCsvReader *self,
                                    gsize        chunk_size,
                                    gsize        detect_size);

G_END_DECLS
