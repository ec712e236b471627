/* kd-roster-export.c: the month's roster written as CSV (kd-csv), iCalendar (libical) and .xlsx (libxlsxwriter). */
#include "kd-roster-export.h"
#include "kd-csv.h"
#include "kd-clock.h"
#include "kd-leave.h"
#include "kd-leave-repo.h"
#include "kd-roster-repo.h"
#include "kd-service-job.h"
#include "kd-text.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <string.h>
#include <xlsxwriter.h>

gboolean
kd_roster_export_format_from_string (const char           *text,
                                     KdRosterExportFormat *out)
{
  static const char *names[] = { "csv", "ics", "xlsx" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

void
kd_roster_export_data_free (KdRosterExportData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->source, kd_roster_month_free);
  g_clear_pointer (&data->staff, g_ptr_array_unref);
  g_free (data->shift);
  g_free (data->leave);
  g_free (data);
}

/* ---------------------------------------------------------------- loading */

typedef struct {
  int            year;
  int            month;
  KdRosterMonth *source;
  GArray        *leave;
} LoadJob;

static gboolean
load_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  LoadJob *job = data;
  g_autofree char *from = g_strdup_printf ("%04d-%02d-01", job->year, job->month);
  g_autofree char *to = g_strdup_printf ("%04d-%02d-31", job->year, job->month);

  job->source = kd_roster_repo_load_month (conn, job->year, job->month, error);
  if (job->source == NULL)
    return FALSE;
  job->leave = kd_leave_repo_leave_codes (conn, from, to, error);
  return job->leave != NULL;
}

static int
compare_job_numbers (gconstpointer a,
                     gconstpointer b)
{
  KdStaff *sa = *(KdStaff **) a, *sb = *(KdStaff **) b;
  g_autofree char *ka = kd_text_natural_key (kd_staff_get_job_number (sa));
  g_autofree char *kb = kd_text_natural_key (kd_staff_get_job_number (sb));

  return strcmp (ka, kb);
}

static int
find_person (KdRosterExportData *data,
             gint64              staff_id)
{
  for (guint p = 0; p < data->staff->len; p++)
    if (kd_staff_get_id (g_ptr_array_index (data->staff, p)) == staff_id)
      return p;
  return -1;
}

static int
find_template (KdRosterMonth *m,
               gint64         shift_id)
{
  for (guint t = 0; t < m->templates->len; t++)
    if (((KdShiftTemplate *) g_ptr_array_index (m->templates, t))->id == shift_id)
      return t;
  return -1;
}

KdRosterExportData *
kd_roster_export_load (KdStore     *store,
                       int          year,
                       int          month,
                       const char  *job_number,
                       GError     **error)
{
  g_autoptr(KdRosterExportData) data = g_new0 (KdRosterExportData, 1);
  LoadJob job = { year, month, NULL, NULL };
  gboolean ok;

  ok = kd_store_read (store, load_job, &job, error);
  data->source = job.source;
  if (!ok)
    {
      g_clear_pointer (&job.leave, g_array_unref);
      return NULL;
    }
  data->year = year;
  data->month = month;
  data->n_days = g_date_get_days_in_month (month, year);
  data->staff = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < data->source->staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (data->source->staff, i);
      if (job_number == NULL || g_strcmp0 (kd_staff_get_job_number (s), job_number) == 0)
        g_ptr_array_add (data->staff, g_object_ref (s));
    }
  if (job_number != NULL && data->staff->len == 0)
    {
      g_array_unref (job.leave);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                   _("No. %s is not on the roster (no active staff member has that job number)."), job_number);
      return NULL;
    }
  g_ptr_array_sort (data->staff, compare_job_numbers);

  data->shift = g_new (int, data->staff->len * data->n_days);
  data->leave = g_new0 (const char *, data->staff->len * data->n_days);
  for (guint i = 0; i < data->staff->len * data->n_days; i++)
    data->shift[i] = -1;
  for (guint i = 0; i < data->source->assignments->len; i++)
    {
      KdRosterAssignment *a = &g_array_index (data->source->assignments, KdRosterAssignment, i);
      int p, d;

      if (g_date_get_month (&a->day) != (GDateMonth) month || g_date_get_year (&a->day) != year)
        continue;   /* the previous month's tail */
      p = find_person (data, a->staff_id);
      d = g_date_get_day (&a->day) - 1;
      if (p >= 0 && a->shift_id != 0)
        data->shift[p * data->n_days + d] = find_template (data->source, a->shift_id);
    }
  for (guint i = 0; i < job.leave->len; i++)
    {
      KdLeaveDayCode *c = &g_array_index (job.leave, KdLeaveDayCode, i);
      GDate day;
      int p = find_person (data, c->staff_id);

      if (p >= 0 && kd_day_parse (c->day, &day) && g_date_get_month (&day) == (GDateMonth) month)
        data->leave[p * data->n_days + g_date_get_day (&day) - 1] = c->code;
    }
  g_array_unref (job.leave);
  return g_steal_pointer (&data);
}

static KdShiftTemplate *
cell_template (KdRosterExportData *data,
               guint               p,
               int                 d)
{
  int t = data->shift[p * data->n_days + d];
  return t >= 0 ? g_ptr_array_index (data->source->templates, t) : NULL;
}

/* Leave wins over a shift stored for the same day: the person is not there. */
static const char *
cell_text (KdRosterExportData *data,
           guint               p,
           int                 d)
{
  KdShiftTemplate *t;

  if (data->leave[p * data->n_days + d] != NULL)
    return data->leave[p * data->n_days + d];
  t = cell_template (data, p, d);
  return t ? t->code : "";
}

/* ---------------------------------------------------------------- CSV */

gboolean
kd_roster_export_write_csv (KdRosterExportData  *data,
                            GOutputStream       *out,
                            GError             **error)
{
  g_autoptr(KdCsvWriter) writer = kd_csv_writer_new (out, KD_CSV_WRITE_NONE);
  g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (row, g_strdup ("工号"));
  g_ptr_array_add (row, g_strdup ("姓名"));
  for (int d = 1; d <= data->n_days; d++)
    g_ptr_array_add (row, g_strdup_printf ("%04d-%02d-%02d", data->year, data->month, d));
  if (!kd_csv_writer_write_row (writer, (const char * const *) row->pdata, row->len, NULL, error))
    return FALSE;

  for (guint p = 0; p < data->staff->len; p++)
    {
      KdStaff *s = g_ptr_array_index (data->staff, p);
      const char *fields[2 + 31];

      fields[0] = kd_staff_get_job_number (s);
      fields[1] = kd_staff_get_name (s);
      for (int d = 0; d < data->n_days; d++)
        fields[2 + d] = cell_text (data, p, d);
      if (!kd_csv_writer_write_row (writer, fields, 2 + data->n_days, NULL, error))
        return FALSE;
    }
  return kd_csv_writer_flush (writer, NULL, error);
}

/* ---------------------------------------------------------------- iCalendar */

/* The local zone as libical knows it (from the system's tzdata), or NULL:
 * then times are written in UTC and no VTIMEZONE is needed. */
static icaltimezone *
local_zone (GTimeZone **out_tz)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *id = g_time_zone_get_identifier (tz);
  icaltimezone *zone = NULL;

  if (id != NULL && *id == ':')
    id++;
  if (id != NULL && strchr (id, '/') != NULL && *id != '/')
    zone = icaltimezone_get_builtin_timezone (id);
  *out_tz = g_steal_pointer (&tz);
  return zone;
}

static struct icaltimetype
ical_time (GDateTime    *t,
           icaltimezone *zone)
{
  struct icaltimetype it = icaltime_null_time ();
  g_autoptr(GDateTime) utc = NULL;

  if (zone == NULL)
    {
      utc = g_date_time_to_utc (t);
      t = utc;
    }
  it.year = g_date_time_get_year (t);
  it.month = g_date_time_get_month (t);
  it.day = g_date_time_get_day_of_month (t);
  it.hour = g_date_time_get_hour (t);
  it.minute = g_date_time_get_minute (t);
  it.second = 0;
  it.is_date = 0;
  return icaltime_set_timezone (&it, zone ? zone : icaltimezone_get_utc_timezone ());
}

static icalproperty *
with_tzid (icalproperty *prop,
           icaltimezone *zone)
{
  if (zone != NULL)
    icalproperty_add_parameter (prop, icalparameter_new_tzid (icaltimezone_get_tzid (zone)));
  return prop;
}

static struct icaltimetype
ical_date (int year,
           int month,
           int day)
{
  struct icaltimetype it = icaltime_null_date ();

  it.year = year;
  it.month = month;
  it.day = day;
  return icaltime_normalize (it);
}

static void
add_common (icalcomponent *event,
            const char    *uid,
            gint64         dtstamp,
            const char    *summary,
            const char    *description)
{
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (icaltime_from_timet_with_zone ((time_t) dtstamp, 0,
                                                                                              icaltimezone_get_utc_timezone ())));
  icalcomponent_add_property (event, icalproperty_new_summary (summary));
  if (description != NULL)
    icalcomponent_add_property (event, icalproperty_new_description (description));
  icalcomponent_add_property (event, icalproperty_new_transp (ICAL_TRANSP_OPAQUE));
}

char *
kd_roster_export_dup_ics (KdRosterExportData  *data,
                          gint64               dtstamp,
                          GError             **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  icaltimezone *zone = local_zone (&tz);
  icalcomponent *cal = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  gboolean one = data->staff->len == 1;
  g_autofree char *calname = NULL;
  char *text, *out;

  icalcomponent_add_property (cal, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (cal, icalproperty_new_prodid ("-//Kefu Desk//Roster " PACKAGE_VERSION "//ZH"));
  icalcomponent_add_property (cal, icalproperty_new_calscale ("GREGORIAN"));
  icalcomponent_add_property (cal, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  if (one)
    calname = g_strdup_printf ("排班 %04d-%02d %s", data->year, data->month,
                               kd_staff_get_name (g_ptr_array_index (data->staff, 0)));
  else
    calname = g_strdup_printf ("排班 %04d-%02d", data->year, data->month);
  {
    icalproperty *name = icalproperty_new_x (calname);
    icalproperty_set_x_name (name, "X-WR-CALNAME");
    icalcomponent_add_property (cal, name);
  }
  if (zone != NULL)
    {
      icalproperty *tzname = icalproperty_new_x (icaltimezone_get_location (zone));
      icalproperty_set_x_name (tzname, "X-WR-TIMEZONE");
      icalcomponent_add_property (cal, tzname);
      icalcomponent_add_component (cal, icalcomponent_new_clone (icaltimezone_get_component (zone)));
    }

  for (guint p = 0; p < data->staff->len; p++)
    {
      KdStaff *s = g_ptr_array_index (data->staff, p);

      for (int d = 0; d < data->n_days; d++)
        {
          const char *leave = data->leave[p * data->n_days + d];
          KdShiftTemplate *t = cell_template (data, p, d);
          g_autofree char *uid = NULL;
          g_autofree char *summary = NULL;
          g_autofree char *description = NULL;
          icalcomponent *event;

          if (leave == NULL && t == NULL)
            continue;
          event = icalcomponent_new (ICAL_VEVENT_COMPONENT);
          if (leave != NULL)
            {
              KdLeaveKind kind = KD_LEAVE_OTHER;
              const char *label;

              kd_leave_kind_from_code (leave, &kind);
              label = kd_leave_kind_get_zh_name (kind);
              uid = g_strdup_printf ("%04d%02d%02d-%s-leave@kefu-desk", data->year, data->month, d + 1,
                                     kd_staff_get_job_number (s));
              summary = one ? g_strdup (label) : g_strdup_printf ("%s %s", kd_staff_get_name (s), label);
              add_common (event, uid, dtstamp, summary, NULL);
              icalcomponent_add_property (event, icalproperty_new_dtstart (ical_date (data->year, data->month, d + 1)));
              icalcomponent_add_property (event, icalproperty_new_dtend (ical_date (data->year, data->month, d + 2)));
              icalcomponent_set_status (event, ICAL_STATUS_CONFIRMED);
            }
          else
            {
              g_autoptr(GDateTime) start = g_date_time_new (tz, data->year, data->month, d + 1,
                                                            t->start_minute / 60, t->start_minute % 60, 0);
              /* A night shift ends on the next calendar day. */
              g_autoptr(GDateTime) end = g_date_time_add_minutes (start, t->length);
              g_autofree char *from = g_date_time_format (start, "%H:%M");
              g_autofree char *until = g_date_time_format (end, "%H:%M");

              uid = g_strdup_printf ("%04d%02d%02d-%s-shift@kefu-desk", data->year, data->month, d + 1,
                                     kd_staff_get_job_number (s));
              summary = one ? g_strdup_printf ("%s (%s)", t->name, t->code)
                            : g_strdup_printf ("%s %s (%s)", kd_staff_get_name (s), t->name, t->code);
              description = g_strdup_printf ("工号 %s · %s %s–%s", kd_staff_get_job_number (s), t->name, from, until);
              add_common (event, uid, dtstamp, summary, description);
              icalcomponent_add_property (event, with_tzid (icalproperty_new_dtstart (ical_time (start, zone)), zone));
              icalcomponent_add_property (event, with_tzid (icalproperty_new_dtend (ical_time (end, zone)), zone));
              icalcomponent_add_property (event, icalproperty_new_categories (t->name));
            }
          icalcomponent_add_component (cal, event);
        }
    }

  text = icalcomponent_as_ical_string_r (cal);
  icalcomponent_free (cal);
  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The calendar could not be written: %s"),
                   icalerror_strerror (icalerrno));
      return NULL;
    }
  out = g_strdup (text);
  icalmemory_free_buffer (text);
  return out;
}

/* ---------------------------------------------------------------- .xlsx */

static lxw_color_t
parse_colour (const char *hex,
              lxw_color_t fallback)
{
  guint64 v;

  if (hex == NULL || hex[0] != '#' || strlen (hex) != 7 || !g_ascii_string_to_unsigned (hex + 1, 16, 0, 0xffffff, &v, NULL))
    return fallback;
  return (lxw_color_t) v;
}

static gboolean
xlsx_error (lxw_error    rc,
            const char  *path,
            GError     **error)
{
  if (rc == LXW_NO_ERROR)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”: %s"), path, lxw_strerror (rc));
  return FALSE;
}

gboolean
kd_roster_export_write_xlsx (KdRosterExportData  *data,
                             const char          *path,
                             GError             **error)
{
  g_autofree char *sheet_name = g_strdup_printf ("%04d-%02d", data->year, data->month);
  lxw_workbook *wb = workbook_new (path);
  lxw_worksheet *sheet, *legend;
  lxw_format *header, *weekend, *text, *leave_format;
  g_autofree lxw_format **shift_formats = NULL;
  GPtrArray *templates = data->source->templates;

  if (wb == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”."), path);
      return FALSE;
    }
  sheet = workbook_add_worksheet (wb, sheet_name);
  legend = workbook_add_worksheet (wb, "班次");

  header = workbook_add_format (wb);
  format_set_bold (header);
  format_set_align (header, LXW_ALIGN_CENTER);
  format_set_border (header, LXW_BORDER_THIN);
  weekend = workbook_add_format (wb);
  format_set_bold (weekend);
  format_set_align (weekend, LXW_ALIGN_CENTER);
  format_set_border (weekend, LXW_BORDER_THIN);
  format_set_bg_color (weekend, 0xDEDDDA);
  text = workbook_add_format (wb);
  format_set_border (text, LXW_BORDER_THIN);
  leave_format = workbook_add_format (wb);
  format_set_align (leave_format, LXW_ALIGN_CENTER);
  format_set_border (leave_format, LXW_BORDER_THIN);
  format_set_bg_color (leave_format, 0xC0BFBC);

  shift_formats = g_new0 (lxw_format *, templates->len + 1);
  for (guint i = 0; i < templates->len; i++)
    {
      KdShiftTemplate *t = g_ptr_array_index (templates, i);
      lxw_color_t bg = parse_colour (t->colour, 0x3584E4);
      int luma = (299 * ((bg >> 16) & 0xff) + 587 * ((bg >> 8) & 0xff) + 114 * (bg & 0xff)) / 1000;

      shift_formats[i] = workbook_add_format (wb);
      format_set_align (shift_formats[i], LXW_ALIGN_CENTER);
      format_set_border (shift_formats[i], LXW_BORDER_THIN);
      format_set_bg_color (shift_formats[i], bg);
      format_set_font_color (shift_formats[i], luma < 128 ? LXW_COLOR_WHITE : LXW_COLOR_BLACK);
    }

  worksheet_write_string (sheet, 0, 0, "工号", header);
  worksheet_write_string (sheet, 0, 1, "姓名", header);
  for (int d = 0; d < data->n_days; d++)
    {
      GDate date;
      char day[11];

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, d + 1, data->month, data->year);
      g_snprintf (day, sizeof day, "%04d-%02d-%02d", data->year, data->month, d + 1);
      worksheet_write_string (sheet, 0, 2 + d, day,
                              g_date_get_weekday (&date) >= G_DATE_SATURDAY ? weekend : header);
    }
  for (guint p = 0; p < data->staff->len; p++)
    {
      KdStaff *s = g_ptr_array_index (data->staff, p);

      worksheet_write_string (sheet, p + 1, 0, kd_staff_get_job_number (s), text);
      worksheet_write_string (sheet, p + 1, 1, kd_staff_get_name (s), text);
      for (int d = 0; d < data->n_days; d++)
        {
          const char *leave = data->leave[p * data->n_days + d];
          int t = data->shift[p * data->n_days + d];

          if (leave != NULL)
            worksheet_write_string (sheet, p + 1, 2 + d, leave, leave_format);
          else if (t >= 0)
            worksheet_write_string (sheet, p + 1, 2 + d, ((KdShiftTemplate *) g_ptr_array_index (templates, t))->code,
                                    shift_formats[t]);
          else
            worksheet_write_blank (sheet, p + 1, 2 + d, text);
        }
    }
  worksheet_set_column (sheet, 0, 0, 8, NULL);
  worksheet_set_column (sheet, 1, 1, 10, NULL);
  worksheet_set_column (sheet, 2, 1 + data->n_days, 11, NULL);
  worksheet_freeze_panes (sheet, 1, 2);

  worksheet_write_string (legend, 0, 0, "代码", header);
  worksheet_write_string (legend, 0, 1, "班次", header);
  worksheet_write_string (legend, 0, 2, "开始", header);
  worksheet_write_string (legend, 0, 3, "结束", header);
  for (guint i = 0; i < templates->len; i++)
    {
      KdShiftTemplate *t = g_ptr_array_index (templates, i);
      int end = (t->start_minute + t->length) % 1440;
      char from[6], until[12];

      g_snprintf (from, sizeof from, "%02d:%02d", t->start_minute / 60, t->start_minute % 60);
      g_snprintf (until, sizeof until, "%s%02d:%02d", t->start_minute + t->length > 1440 ? "次日 " : "",
                  end / 60, end % 60);
      worksheet_write_string (legend, i + 1, 0, t->code, shift_formats[i]);
      worksheet_write_string (legend, i + 1, 1, t->name, text);
      worksheet_write_string (legend, i + 1, 2, from, text);
      worksheet_write_string (legend, i + 1, 3, until, text);
    }
  {
    static const KdLeaveKind kinds[] = { KD_LEAVE_ANNUAL, KD_LEAVE_SICK, KD_LEAVE_PERSONAL,
                                         KD_LEAVE_COMPENSATORY, KD_LEAVE_OTHER };
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        worksheet_write_string (legend, templates->len + 2 + i, 0, kd_leave_kind_get_code (kinds[i]), leave_format);
        worksheet_write_string (legend, templates->len + 2 + i, 1, kd_leave_kind_get_zh_name (kinds[i]), text);
      }
  }
  worksheet_set_column (legend, 1, 1, 14, NULL);

  return xlsx_error (workbook_close (wb), path, error);
}

/* ---------------------------------------------------------------- files */

static gboolean
write_bytes (const char  *path,
             const char  *contents,
             gsize        length,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, error);

  if (out == NULL)
    return FALSE;
  return g_output_stream_write_all (G_OUTPUT_STREAM (out), contents, length, NULL, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

static void
count (KdRosterExportData   *data,
       KdRosterExportCounts *counts)
{
  memset (counts, 0, sizeof *counts);
  counts->staff = data->staff->len;
  for (guint i = 0; i < data->staff->len * data->n_days; i++)
    {
      if (data->leave[i] != NULL)
        counts->leave++;
      else if (data->shift[i] >= 0)
        counts->shifts++;
    }
}

gboolean
kd_roster_export (KdStore               *store,
                  int                    year,
                  int                    month,
                  KdRosterExportFormat   format,
                  const char            *job_number,
                  const char            *path,
                  KdRosterExportCounts  *counts,
                  GError               **error)
{
  g_autoptr(KdRosterExportData) data = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  gboolean ok = FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS, _("“%s” already exists; exports never overwrite a file."), name);
      return FALSE;
    }
  data = kd_roster_export_load (store, year, month, job_number, error);
  if (data == NULL)
    return FALSE;

  /* Written beside the target and renamed, so a half-written file never
   * carries its name. */
  tmp = g_strdup_printf ("%s/.%s.%u.tmp", dir, base, g_random_int ());
  switch (format)
    {
    case KD_ROSTER_EXPORT_CSV:
      {
        g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
        ok = kd_roster_export_write_csv (data, mem, error) && g_output_stream_close (mem, NULL, error) &&
             write_bytes (tmp, g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem)),
                          g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem)), error);
      }
      break;
    case KD_ROSTER_EXPORT_ICS:
      {
        g_autofree char *ics = kd_roster_export_dup_ics (data, kd_clock_now_unix (NULL), error);
        ok = ics != NULL && write_bytes (tmp, ics, strlen (ics), error);
      }
      break;
    case KD_ROSTER_EXPORT_XLSX:
      ok = kd_roster_export_write_xlsx (data, tmp, error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write “%s”: %s"), name, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  else if (counts != NULL)
    count (data, counts);
  return ok;
}

typedef struct {
  KdStore              *store;
  int                   year;
  int                   month;
  KdRosterExportFormat  format;
  char                 *job_number;
  char                 *path;
  KdRosterExportCounts  counts;
} ExportTask;

static void
export_task_free (ExportTask *t)
{
  g_object_unref (t->store);
  g_free (t->job_number);
  g_free (t->path);
  g_free (t);
}

static gboolean
export_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ExportTask *t = data;

  return kd_roster_export (t->store, t->year, t->month, t->format, t->job_number, t->path, &t->counts, error);
}

void
kd_roster_export_async (KdStore               *store,
                        int                    year,
                        int                    month,
                        KdRosterExportFormat   format,
                        const char            *job_number,
                        const char            *path,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  ExportTask *t = g_new0 (ExportTask, 1);

  t->store = g_object_ref (store);
  t->year = year;
  t->month = month;
  t->format = format;
  t->job_number = g_strdup (job_number);
  t->path = g_strdup (path);
  kd_service_job_run_in_thread (NULL, kd_roster_export_async, export_thread, t, (GDestroyNotify) export_task_free,
                                cancellable, callback, user_data);
}

gboolean
kd_roster_export_finish (GAsyncResult          *result,
                         KdRosterExportCounts  *counts,
                         GError               **error)
{
  ExportTask *t = kd_service_job_finish (NULL, result, kd_roster_export_async, error);

  if (t == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = t->counts;
  return TRUE;
}
