from django.urls import path

from home.inbox import views

app_name = "connect_inbox"
urlpatterns = [
    path("", views.InboxView.as_view(), name="index"),
    path("results/", views.InboxView.as_view(results_only=True), name="index_results"),
    path("<int:submission_id>/", views.MessageView.as_view(), name="message"),
    path("<int:submission_id>/assign/", views.AssignView.as_view(), name="assign"),
    path("<int:submission_id>/note/", views.NoteView.as_view(), name="note"),
    path("<int:submission_id>/close/", views.CloseView.as_view(), name="close"),
    path("<int:submission_id>/reopen/", views.ReopenView.as_view(), name="reopen"),
]
