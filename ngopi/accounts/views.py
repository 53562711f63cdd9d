from django.contrib.auth import views as auth_views

from .forms import SignInForm


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True
