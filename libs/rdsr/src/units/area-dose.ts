/** Kerma-area product: the model carries Gy·m² (DICOM's unit); clinicians and alert thresholds speak Gy·cm². */
export const GY_CM2_PER_GY_M2 = 1e4;
