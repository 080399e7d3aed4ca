"""English dates as the site writes them, day first as in French: "1 March 2027", "1 March
2027, 14:30", in short "1 Dec 2027" (Django's English formats put the month first)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
