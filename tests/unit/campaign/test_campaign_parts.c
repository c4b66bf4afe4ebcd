/* A campaign's composite members: duties (recurrence and its one member, due times up to 24:00,
 * reporters), targets, phases and the date relations of a campaign and a work plan, each error
 * naming its member. */
#include "../unit.h"
#include "campaign.h"

#include <jansson.h>

/* The fields named by reading `text` (a JSON body) with `read`, comma-joined into buf. */
static const char *fields_of(json_t *(*read)(json_t *, json_t *), const char *text, char *buf,
			     size_t len)
{
	json_t *body = json_loads(text, 0, NULL), *errors = json_array(), *out, *e;
	size_t i, used = 0;

	buf[0] = '\0';
	out = read(body, errors);
	json_array_foreach(errors, i, e)
	{
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "",
					 json_string_value(json_object_get(e, "field")));
		if (used >= len)
			break;
	}
	json_decref(out);
	json_decref(errors);
	json_decref(body);
	return buf;
}

static void duties(void)
{
	char b[256];

	CHECK_STR(fields_of(campaign_duties_read,
			    "{\"duties\": [{\"content\": \"progress\", \"title\": \"t\", "
			    "\"recurrence\": \"weekly\", \"weekday\": 5, \"due_time\": \"11:00\", "
			    "\"reporters\": [\"cities\", \"counties\", \"direct_units\"]}]}",
			    b, sizeof(b)),
		  "");
	CHECK_STR(fields_of(campaign_duties_read,
			    "{\"duties\": [{\"content\": \"progress\", \"title\": \"t\", "
			    "\"recurrence\": \"monthly\", \"day_of_month\": 31, \"due_time\": "
			    "\"24:00\", \"reporters\": [\"all_units\"]}]}",
			    b, sizeof(b)),
		  "");
	CHECK_STR(fields_of(campaign_duties_read,
			    "{\"duties\": [{\"content\": \"progress\", \"title\": \"t\", "
			    "\"recurrence\": \"monthly\", \"day_of_month\": 32, \"due_time\": "
			    "\"24:01\", \"reporters\": [\"all_units\"]}]}",
			    b, sizeof(b)),
		  "duties[0].due_time,duties[0].day_of_month");
	CHECK_STR(fields_of(campaign_duties_read,
			    "{\"duties\": [{\"content\": \"summary\", \"title\": \"t\", "
			    "\"recurrence\": \"once\", \"weekday\": 1, \"due_time\": \"7:00\", "
			    "\"reporters\": [\"towns\", \"cities\", \"cities\"]}]}",
			    b, sizeof(b)),
		  "duties[0].due_time,duties[0].reporters[0],duties[0].reporters[2],"
		  "duties[0].weekday,duties[0].due_date");
	CHECK_STR(fields_of(campaign_duties_read, "{\"duties\": [1]}", b, sizeof(b)), "duties[0]");
	CHECK_STR(fields_of(campaign_duties_read, "{\"duties\": []}", b, sizeof(b)), "");
}

static void targets(void)
{
	char b[256];

	CHECK_STR(fields_of(campaign_targets_read,
			    "{\"targets\": [{\"kind\": \"spot_check_rate\", \"percent\": 20}, "
			    "{\"kind\": \"listed_hazards_cleared\", \"by_date\": \"2019-08-31\"}]}",
			    b, sizeof(b)),
		  "");
	CHECK_STR(fields_of(campaign_targets_read,
			    "{\"targets\": [{\"kind\": \"grid_coverage\", \"percent\": 100.5}, "
			    "{\"kind\": \"listed_hazards_cleared\", \"percent\": 1}]}",
			    b, sizeof(b)),
		  "targets[0].percent,targets[1].by_date,targets[1].percent");
}

static void dates(void)
{
	json_t *errors = json_array();
	const char *phases = "[{\"name\": \"a\", \"starts_on\": \"2019-07-01\", \"ends_on\": "
			     "\"2019-07-31\"}]";

	campaign_dates_check("2019-07-01", "2019-11-10", phases, NULL, NULL, errors);
	CHECK(json_array_size(errors) == 0);
	campaign_dates_check("2019-07-02", "2019-07-30", phases, "2019-07-01", "2019-07-30",
			     errors);
	CHECK(json_array_size(errors) == 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
		  "phases[0].starts_on");
	json_array_clear(errors);
	campaign_dates_check("2019-06-30", "2019-11-11", NULL, "2019-07-01", "2019-11-10", errors);
	CHECK(json_array_size(errors) == 2);
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
		  "starts_on");
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 1), "field")),
		  "ends_on");
	json_decref(errors);
}

void unit_campaign_parts(void)
{
	duties();
	targets();
	dates();
}
