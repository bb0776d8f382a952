from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATELY,
        widget=forms.RadioSelect,
    )
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscription.Frequency.choices, widget=forms.RadioSelect
    )
