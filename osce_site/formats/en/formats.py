"""English dates as the site has always written them ("5 March 2019"); other languages use
Django's own formats ("5 mars 2019", "5 марта 2019 г.")."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
