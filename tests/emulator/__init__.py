"""Tests of the SendGrid emulator, all over real HTTP."""
