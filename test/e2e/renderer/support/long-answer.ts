/** About 20 s of espeak speech. */
export const LONG_ANSWER =
  'Here is the forecast for the whole week. Monday starts cloudy with light rain in the afternoon, clearing by the evening. ' +
  'Tuesday and Wednesday stay dry and mild, around eighteen degrees, with a light breeze from the west. ' +
  'Thursday brings heavier showers and a chance of thunder late in the day. ' +
  'Friday is bright and sunny, the warmest day of the week, reaching twenty three degrees. ' +
  'The weekend looks changeable, so keep an umbrella close, and check again on Friday evening before you make any plans.';
