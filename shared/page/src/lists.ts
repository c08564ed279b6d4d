// shared/page: the fixed lists a person picks from, as the API's schemas define them (shared/http/schemas.ts
// and shared/config/settings.ts): each preference is a switch, each interest an id.
const PREFERENCES = ['marketingEmails', 'productUpdates', 'smsNotifications'] as const;

const INTERESTS = [
  'art',
  'books',
  'cooking',
  'fitness',
  'gaming',
  'movies',
  'music',
  'outdoors',
  'photography',
  'science',
  'sports',
  'technology',
  'travel',
] as const;

export { INTERESTS, PREFERENCES };
