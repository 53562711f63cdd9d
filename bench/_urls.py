from django.http import HttpResponse
from django.urls import path

from ngopi.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("bench/hello/", hello), *project_urlpatterns]
