// The publish time is entered in Vienna time (Europe/Vienna); this shows the same moment in
// the editor's own time zone under the field. Without JavaScript the help text names the zone.
(() => {
  const ZONE_PARTS = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit",
    minute: "2-digit", second: "2-digit", hourCycle: "h23" };

  // How far the zone's wall clock is ahead of UTC at the moment utcMs.
  const offset = (zone, utcMs) => {
    const parts = {};
    for (const part of new Intl.DateTimeFormat("en-GB", { ...ZONE_PARTS, timeZone: zone })
      .formatToParts(new Date(utcMs))) {
      parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute,
      parts.second);
    return wall - utcMs;
  };

  const moment = (zone, dateText, timeText) => {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText.trim());
    const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(timeText.trim());
    if (!date || !time) return null;
    const guess = Date.UTC(date[1], date[2] - 1, date[3], time[1], time[2], time[3] || 0);
    return new Date(guess - offset(zone, guess));
  };

  document.addEventListener("DOMContentLoaded", () => {
    const dateInput = document.querySelector("input[name=publish_at_0][data-time-zone]");
    const timeInput = document.querySelector("input[name=publish_at_1]");
    if (!dateInput || !timeInput) return;
    const zone = dateInput.dataset.timeZone;
    const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const shown = document.createElement("p");
    shown.className = "help own-time-zone";
    shown.id = "publish-at-own-zone";
    shown.setAttribute("aria-live", "polite");
    (document.getElementById("id_publish_at_helptext") || timeInput).after(shown);
    const update = () => {
      const when = moment(zone, dateInput.value, timeInput.value);
      shown.textContent = when
        ? `That is ${when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })} in your time zone (${own}).`
        : `Empty: the item is dated when it is published. Your time zone: ${own}.`;
    };
    for (const input of [dateInput, timeInput]) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    }
    // The admin's "Today" and "Now" shortcuts set the value without an input event.
    document.addEventListener("click", () => setTimeout(update, 0));
    update();
  });
})();
