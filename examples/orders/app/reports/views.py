from django.db.models import Count
from django.http import JsonResponse

from .models import Order, Shipment


def open_orders(request):
    orders = Order.objects.filter(status="pending").values("id", "total")
    return JsonResponse({"status": "ok", "orders": list(orders)})


def status_counts(request):
    rows = Order.objects.values("status").annotate(n=Count("id"))
    late = Shipment.objects.filter(status="late").count()
    return JsonResponse({"rows": list(rows), "late": late})
