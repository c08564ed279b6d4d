// shared/adapters/sns: the texter's own errors. They name a rule, never the number.

/** The number's country is not in sms.allowedCountries: nothing was sent. */
class SmsCountryRefusedError extends Error {
  public constructor() {
    super('The destination country is not in sms.allowedCountries; nothing was sent');
    this.name = 'SmsCountryRefusedError';
  }
}

export { SmsCountryRefusedError };
