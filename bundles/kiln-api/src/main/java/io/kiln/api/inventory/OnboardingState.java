package io.kiln.api.inventory;

/** Where a host stands in onboarding (desired and current are kept separately). */
public enum OnboardingState { REGISTERED, ONBOARDING, ONBOARDED, QUARANTINED, ERROR }
