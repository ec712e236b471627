/* kd-roster-ics.h: public holidays read from an iCalendar (.ics) file, such as a national holiday calendar. */
#pragma once

#include "kd-roster-shop.h"

G_BEGIN_DECLS

/* Longest event taken as a holiday (a longer one is a mistake in the file). */
#define KD_ICS_MAX_DAYS 31

/* Every day covered by the file's VEVENTs, as KdSpecialDay* of kind
 * KD_SPECIAL_HOLIDAY named by the SUMMARY, in file order (a day listed
 * twice is kept once). All-day events end the day before DTEND (RFC 5545);
 * timed ones cover the days they touch. NULL with an error naming the line
 * when a date cannot be read, or when the text holds no event at all. */
GPtrArray *kd_roster_ics_parse_holidays (const char  *text,
                                         gsize        length,
                                         GError     **error);

G_END_DECLS
