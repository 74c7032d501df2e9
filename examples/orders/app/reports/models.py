from django.db import models


class Order(models.Model):
    status = models.TextField(null=True)
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        db_table = "orders"
        managed = False


class Shipment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
    status = models.TextField()
