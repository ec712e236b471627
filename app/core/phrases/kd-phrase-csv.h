/* kd-phrase-csv.h: phrase files: the kefu format (group,shortcut,title,body) and Qianniu's quick-phrase file, read and written. */
#pragma once

#include <gio/gio.h>

#include "kd-csv.h"

G_BEGIN_DECLS

/* Same values as KdPhraseFormat (kd-phrase-service.h). */
typedef enum {
  KD_PHRASE_CSV_KEFU,     /* group,shortcut,title,body; UTF-8 with BOM out */
  KD_PHRASE_CSV_QIANNIU,  /* 快捷短语编码,快捷短语,快捷短语分组; GBK out */
} KdPhraseCsvFormat;

#define KD_PHRASE_CSV_ERROR (kd_phrase_csv_error_quark ())

typedef enum {
  KD_PHRASE_CSV_ERROR_EMPTY,      /* no header at all */
  KD_PHRASE_CSV_ERROR_HEADER,     /* the first row is not a phrase header */
  KD_PHRASE_CSV_ERROR_FIELDS,     /* a row has more fields than the header */
  KD_PHRASE_CSV_ERROR_DUPLICATE,  /* a shortcut repeated inside the file */
} KdPhraseCsvError;

GQuark kd_phrase_csv_error_quark (void);

/* The group a row without one goes to. */
#define KD_PHRASE_CSV_NO_GROUP "未分组"

/* One row of a file, checked: group trimmed (never empty), shortcut
 * trimmed ("" none), title trimmed, body trimmed with line ends as '\n'. */
typedef struct {
  gsize     line;
  char     *group;
  char     *shortcut;
  char     *title;
  char     *body;
  gboolean  has_title;  /* FALSE for Qianniu files, which have no titles */
} KdPhraseRecord;

void        kd_phrase_record_free      (KdPhraseRecord     *record);

/* Every row of the file, or NULL and an error "NAME:LINE: reason" (NAME
 * is @display_name, e.g. the file's display name) for the first thing that
 * is wrong: bad CSV, no header, a row with too many fields, a shortcut
 * repeated inside the file, a field the phrase rules refuse (an unknown
 * placeholder, an over-long body, …). All or nothing. */
GPtrArray  *kd_phrase_csv_read_stream  (GInputStream       *stream,
                                        const char         *display_name,
                                        KdPhraseCsvFormat  *out_format,
                                        GCancellable       *cancellable,
                                        GError            **error);
GPtrArray  *kd_phrase_csv_read_file    (const char         *path,
                                        KdPhraseCsvFormat  *out_format,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* Writes @phrases (KdPhrase, with their group names) in @format: kefu as
 * UTF-8 with BOM, CRLF; Qianniu in GBK (as GB18030, its superset, so that
 * emoji survive), CRLF, with line breaks as `&#13;` and commas as `&#44;`
 * (Qianniu has no titles: they are not written). */
gboolean    kd_phrase_csv_write        (GOutputStream      *stream,
                                        KdPhraseCsvFormat   format,
                                        GPtrArray          *phrases,
                                        GCancellable       *cancellable,
                                        GError            **error);

G_END_DECLS
