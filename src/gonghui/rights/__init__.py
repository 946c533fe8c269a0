"""The rights platform (维权平台): consultations, duty roster, rights cases, counselling, legal outreach."""
