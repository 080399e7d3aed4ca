"""French dates as the site writes them, where Django's French formats differ (its
DATE_FORMAT, "j F Y", is the site's: "1 mars 2027"). A moment reads "1 mars 2027, 14:30";
a short date "1 déc. 2027", with Django's French abbreviations of the months, never
"Déc" nor "01/12/2027"."""

DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
